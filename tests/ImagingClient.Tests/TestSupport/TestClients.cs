using ImagingClient.Providers.Concurred;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.TestSupport;

/// <summary>Builds real clients (the full handler pipeline) over MockHttp or the emulator.</summary>
internal static class TestClients
{
    public const string ConcurredKey = "ck_test_key_0123";
    public static readonly Uri ConcurredBase = new("https://concurred.ai/");

    /// <summary>A Concurred client whose API calls and downloads both go to <paramref name="mock"/>.</summary>
    public static IImageClient Concurred(
        MockHttpMessageHandler mock,
        Action<ConcurredClientOptions>? configure = null,
        TimeProvider? timeProvider = null)
    {
        return ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton(timeProvider ?? new InstantTimeProvider());
            imaging.Services.AddHttpClient(ImagingHttpClientNames.Downloads).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(mock));
            imaging.AddConcurred(
                options =>
                {
                    options.ApiKey = ConcurredKey;
                    configure?.Invoke(options);
                },
                http => http.ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(mock)));
        });
    }

    public const string KieKey = "kie_test_key_4567";

    /// <summary>A Kie client whose API calls and downloads both go to <paramref name="mock"/>.</summary>
    public static IImageClient Kie(
        MockHttpMessageHandler mock,
        Action<ImagingClient.Providers.Kie.KieClientOptions>? configure = null,
        TimeProvider? timeProvider = null)
    {
        return ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton(timeProvider ?? new InstantTimeProvider());
            imaging.Services.AddHttpClient(ImagingHttpClientNames.Downloads).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(mock));
            imaging.AddKie(
                options =>
                {
                    options.ApiKey = KieKey;
                    options.Polling.Jitter = 0;
                    configure?.Invoke(options);
                },
                http => http.ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(mock)));
        });
    }

    /// <summary>Lets the factory rotate handlers without disposing the test's mock.</summary>
    private sealed class NonDisposingHandler(HttpMessageHandler inner) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(inner, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);
    }
}
