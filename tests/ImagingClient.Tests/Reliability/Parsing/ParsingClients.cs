using ImagingClient.Providers.Apiframe;
using ImagingClient.Providers.Concurred;
using ImagingClient.Providers.Kie;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Reliability.Parsing;

/// <summary>
/// Each provider's real client (the full handler pipeline, one retry) over a mock that also answers downloads, on an
/// <see cref="InstantTimeProvider"/>: what the parsing fuzz tests and their regression tests call.
/// </summary>
internal static class ParsingClients
{
    public const string ApiframeKey = "afk_test_0123456789";
    public const string RelayGpuKey = "relay_sk_test_0123456789";

    public static IImageClient Concurred(MockHttpMessageHandler mock, DateTimeOffset? now = null) =>
        Create(mock, now, (imaging, handler) => imaging.AddConcurred(
            options =>
            {
                options.ApiKey = TestClients.ConcurredKey;
                options.Retry.MaxRetries = 1;
            },
            handler));

    public static IImageClient Kie(MockHttpMessageHandler mock, DateTimeOffset? now = null) =>
        Create(mock, now, (imaging, handler) => imaging.AddKie(
            options =>
            {
                options.ApiKey = TestClients.KieKey;
                options.Retry.MaxRetries = 1;
                options.Polling.Jitter = 0;
            },
            handler));

    public static IImageClient Apiframe(MockHttpMessageHandler mock, DateTimeOffset? now = null) =>
        Create(mock, now, (imaging, handler) => imaging.AddApiframe(
            options =>
            {
                options.ApiKey = ApiframeKey;
                options.Retry.MaxRetries = 1;
                options.Polling.Jitter = 0;
            },
            handler));

    public static IImageClient RelayGpu(MockHttpMessageHandler mock, DateTimeOffset? now = null, Action<RelayGpuClientOptions>? configure = null) =>
        Create(mock, now, (imaging, handler) => imaging.AddRelayGpu(
            options =>
            {
                options.ApiKey = RelayGpuKey;
                options.Retry.MaxRetries = 1;
                options.Polling.Jitter = 0;
                configure?.Invoke(options);
            },
            handler));

    private static IImageClient Create(MockHttpMessageHandler mock, DateTimeOffset? now, Action<IImagingClientBuilder, Action<IHttpClientBuilder>> add) =>
        ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(new InstantTimeProvider(now));
            imaging.Services.AddHttpClient(ImagingHttpClientNames.Downloads).ConfigurePrimaryHttpMessageHandler(() => new SharedHandler(mock));
            add(imaging, http => http.ConfigurePrimaryHttpMessageHandler(() => new SharedHandler(mock)));
        });
}
