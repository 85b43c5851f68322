using System.Net;
using ImagingClient.Providers.Concurred;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.DependencyInjection;

public sealed class ImagingServiceCollectionExtensionsTests
{
    private const string OkBody = """{"success":true,"data":{"model":"flux-2-pro","provider":"flux","images":[{"url":"https://cdn.example.com/a.png"}]},"meta":{"requestId":"req_di"}}""";

    [Fact]
    public async Task AddConcurred_WithDelegate_ResolvesRouterAndKeyedClient()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://concurred.ai/api/v1/image/generate").Respond("application/json", OkBody);
        var services = new ServiceCollection();
        services.AddImagingClient()
            .AddConcurred(o => o.ApiKey = TestClients.ConcurredKey, http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
        using var provider = services.BuildServiceProvider();

        // Act
        var router = provider.GetRequiredService<IImageClient>();
        var keyed = provider.GetRequiredKeyedService<IImageClient>("concurred");
        var viaRouter = await router.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat" });
        var viaKeyed = await keyed.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat", Model = "flux-2-pro" });

        // Assert
        viaRouter.RequestId.Should().Be("req_di");
        viaKeyed.Provider.Should().Be("concurred");
        keyed.Should().NotBeSameAs(router);
    }

    [Fact]
    public void AddConcurred_FromConfigurationSection_BindsEverySetting()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Imaging:Concurred:ApiKey"] = "ck_from_config_1234",
            ["Imaging:Concurred:BaseAddress"] = "https://eu.concurred.example/",
            ["Imaging:Concurred:Timeout"] = "00:01:30",
            ["Imaging:Concurred:UnsupportedFields"] = "WarnAndDrop",
            ["Imaging:Concurred:Retry:MaxRetries"] = "4",
            ["Imaging:Concurred:Retry:MaxRetryAfter"] = "00:00:10",
        }).Build();
        var services = new ServiceCollection();
        services.AddImagingClient().AddConcurred(configuration.GetSection("Imaging:Concurred"));
        using var provider = services.BuildServiceProvider();

        // Act
        var options = provider.GetRequiredService<IOptions<ConcurredClientOptions>>().Value;

        // Assert
        options.ApiKey.Should().Be("ck_from_config_1234");
        options.BaseAddress.Should().Be(new Uri("https://eu.concurred.example/"));
        options.Timeout.Should().Be(TimeSpan.FromSeconds(90));
        options.UnsupportedFields.Should().Be(UnsupportedFieldHandling.WarnAndDrop);
        options.Retry.MaxRetries.Should().Be(4);
        options.Retry.MaxRetryAfter.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(null, "https://concurred.ai/", "ApiKey is not set")]
    [InlineData("ck_valid_key_1234", "http://concurred.ai/", "must use https")]
    [InlineData("ck_valid_key_1234", "https://concurred.ai/?x=1", "must not have a query")]
    [InlineData(" ck_valid_key_1234", "https://concurred.ai/", "white space")]
    public void Create_WithUnusableSettings_ThrowsBeforeAnyRequestWithClearMessage(string? key, string baseAddress, string expected)
    {
        // Act
        var act = () => ImageClient.Create(imaging => imaging.AddConcurred(o =>
        {
            o.ApiKey = key;
            o.BaseAddress = new Uri(baseAddress);
        }));

        // Assert
        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Concurred").And.Contain(expected);
    }

    [Fact]
    public void Create_WithPlainHttpOnLoopback_IsAllowedForTheEmulator()
    {
        // Act
        using var client = ImageClient.Create(imaging => imaging.AddConcurred(o =>
        {
            o.ApiKey = "ck_emulator";
            o.BaseAddress = new Uri("http://127.0.0.1:5080/");
        }));

        // Assert
        client.Should().NotBeNull();
    }

    [Fact]
    public void ValidateOnStart_WithMissingKey_FailsAtStartupValidation()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddImagingClient().AddConcurred(_ => { });
        using var provider = services.BuildServiceProvider();

        // Act
        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        // Assert
        act.Should().Throw<OptionsValidationException>().WithMessage("*ApiKey is not set*");
    }

    [Fact]
    public async Task AddConcurred_ConfigureHttpClient_ReachesTheProvidersHttpClientBuilder()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond("application/json", OkBody);
        var recorder = new RecordingHandler();
        using var client = ImageClient.Create(imaging => imaging.AddConcurred(
            o => o.ApiKey = TestClients.ConcurredKey,
            http => http.ConfigurePrimaryHttpMessageHandler(() => mock).AddHttpMessageHandler(() => recorder)));

        // Act
        await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat" });

        // Assert
        recorder.Requests.Should().ContainSingle().Which.Should().Be("https://concurred.ai/api/v1/image/generate");
    }

    [Fact]
    public async Task Router_WithUnknownProviderPrefix_ThrowsNamingRegisteredProviders()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        using var client = TestClients.Concurred(mock);

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat", Model = "acme:paint-1" });

        // Assert
        (await act.Should().ThrowAsync<ArgumentException>())
            .Which.Message.Should().Contain("'acme'").And.Contain("concurred");
    }

    [Fact]
    public void Router_WithDefaultProviderNotRegistered_FailsAtCreation()
    {
        // Act
        var act = () => ImageClient.Create(
            imaging => imaging.AddConcurred(o => o.ApiKey = TestClients.ConcurredKey),
            router => router.DefaultProvider = "apiframe");

        // Assert
        act.Should().Throw<OptionsValidationException>().WithMessage("*DefaultProvider 'apiframe' is not registered*");
    }

    [Fact]
    public async Task Router_WithNoProviders_ThrowsInvalidOperationSayingHowToAddOne()
    {
        // Arrange
        using var client = ImageClient.Create(_ => { });

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat" });

        // Assert
        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*No image provider is registered*AddConcurred*AddKie*");
    }

    [Fact]
    public void AddConcurred_CalledTwice_RegistersTheProviderOnce()
    {
        // Arrange
        var services = new ServiceCollection();
        var imaging = services.AddImagingClient();

        // Act
        imaging.AddConcurred(o => o.ApiKey = TestClients.ConcurredKey).AddConcurred(o => o.Timeout = TimeSpan.FromSeconds(30));
        using var provider = services.BuildServiceProvider();

        // Assert
        var options = provider.GetRequiredService<IOptions<ConcurredClientOptions>>().Value;
        options.ApiKey.Should().Be(TestClients.ConcurredKey);
        options.Timeout.Should().Be(TimeSpan.FromSeconds(30));
        provider.GetServices<ImagingClient.DependencyInjection.ImageProviderRegistration>().Should().ContainSingle();
    }

    [Fact]
    public async Task AddConcurred_CalledTwice_DoesNotStackRetryHandlers()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        var attempts = 0;
        mock.When("*").Respond(_ =>
        {
            attempts++;
            return new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        });
        using var client = ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(new InstantTimeProvider());
            imaging.AddConcurred(o =>
            {
                o.ApiKey = TestClients.ConcurredKey;
                o.Retry.MaxRetries = 2;
            });
            imaging.AddConcurred(_ => { }, http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
        });

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat" });

        // Assert
        (await act.Should().ThrowAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.RateLimited);
        attempts.Should().Be(3, "one first attempt and MaxRetries = 2 retries, however often AddConcurred was called");
    }

    [Fact]
    public void OptionsToString_NeverContainsTheKey()
    {
        // Arrange
        var options = new ConcurredClientOptions { ApiKey = "ck_secret_value_42" };

        // Act
        var text = options.ToString();

        // Assert
        text.Should().NotContain("ck_secret_value_42").And.Contain("<set>");
    }

    private sealed class RecordingHandler : DelegatingHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.AbsoluteUri);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
