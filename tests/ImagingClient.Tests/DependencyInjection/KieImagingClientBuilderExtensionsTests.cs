using ImagingClient.Providers.Kie;
using ImagingClient.Tests.TestSupport;
using ImagingClient.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagingClient.Tests.DependencyInjection;

public sealed class KieImagingClientBuilderExtensionsTests
{
    [Fact]
    public void AddKie_FromConfiguration_BindsPollingAndCallbackSettings()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kie:ApiKey"] = "kie_from_config_1",
            ["Kie:Polling:FirstDelay"] = "00:00:05",
            ["Kie:Polling:MaxInterval"] = "00:00:20",
            ["Kie:Polling:Timeout"] = "00:20:00",
            ["Kie:Callbacks:WebhookHmacKey"] = "hmac-from-config",
            ["Kie:Callbacks:TimestampTolerance"] = "00:02:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddImagingClient().AddKie(configuration.GetSection("Kie"));
        using var provider = services.BuildServiceProvider();

        // Act
        var options = provider.GetRequiredService<IOptions<KieClientOptions>>().Value;

        // Assert
        options.ApiKey.Should().Be("kie_from_config_1");
        options.Polling.FirstDelay.Should().Be(TimeSpan.FromSeconds(5));
        options.Polling.MaxInterval.Should().Be(TimeSpan.FromSeconds(20));
        options.Polling.Timeout.Should().Be(TimeSpan.FromMinutes(20));
        options.Callbacks.WebhookHmacKey.Should().Be("hmac-from-config");
        options.Callbacks.TimestampTolerance.Should().Be(TimeSpan.FromMinutes(2));
        provider.GetRequiredService<KieCallbackVerifier>().Should().NotBeNull();
        provider.GetRequiredKeyedService<IImageClient>("kie").Should().BeAssignableTo<IKieApi>();
        provider.GetRequiredService<IKieApi>().Should().NotBeNull();
    }

    [Fact]
    public void AddKie_WithACallbackKey_RegistersTheVerifierKeyedAndAmongAllVerifiers()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddImagingClient().AddKie(o =>
        {
            o.ApiKey = TestClients.KieKey;
            o.Callbacks.WebhookHmacKey = "hmac-key";
        });
        using var provider = services.BuildServiceProvider();

        // Act
        var concrete = provider.GetRequiredService<KieCallbackVerifier>();
        var keyed = provider.GetRequiredKeyedService<IImageWebhookVerifier>("kie");
        var all = provider.GetServices<IImageWebhookVerifier>().ToList();

        // Assert
        keyed.Should().BeSameAs(concrete);
        all.Should().ContainSingle().Which.Should().BeSameAs(concrete);
        keyed.Provider.Should().Be("kie");
    }

    [Fact]
    public void AddKie_CalledTwice_RegistersOneSharedVerifier()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddImagingClient()
            .AddKie(o => o.ApiKey = TestClients.KieKey)
            .AddKie(o => o.Callbacks.AllowUnsigned = true);
        using var provider = services.BuildServiceProvider();

        // Act
        var all = provider.GetServices<IImageWebhookVerifier>().ToList();

        // Assert
        all.Should().ContainSingle().Which.Should().BeSameAs(provider.GetRequiredService<KieCallbackVerifier>());
    }

    [Fact]
    public void AddKie_WithoutCallbackSettings_SharedVerifierResolvesAndRefusesEveryCallbackAsNotConfigured()
    {
        // Arrange: Kie only polled; an app that lists every provider's verifier must not fail because of it.
        var services = new ServiceCollection();
        services.AddImagingClient().AddKie(o => o.ApiKey = TestClients.KieKey);
        using var provider = services.BuildServiceProvider();

        // Act
        var all = provider.GetServices<IImageWebhookVerifier>().ToList();
        var keyed = provider.GetRequiredKeyedService<IImageWebhookVerifier>("kie");
        var accepted = keyed.TryVerify(_ => null, """{"code":200,"data":{"taskId":"t1"}}"""u8, out _, out var failure);
        var concrete = () => provider.GetRequiredService<KieCallbackVerifier>();

        // Assert
        all.Should().ContainSingle().Which.Provider.Should().Be("kie");
        accepted.Should().BeFalse();
        failure.Should().Contain("WebhookHmacKey");
        concrete.Should().Throw<ArgumentException>("asking for Kie's own verifier without settings is still a configuration error");
    }

    [Fact]
    public void Create_WithBadPollingSettings_FailsAtStartWithAClearMessage()
    {
        // Act
        var act = () => ImageClient.Create(i => i.AddKie(o =>
        {
            o.ApiKey = TestClients.KieKey;
            o.Polling.FirstDelay = TimeSpan.FromMinutes(1);
            o.Polling.MaxInterval = TimeSpan.FromSeconds(10);
        }));

        // Assert
        act.Should().Throw<OptionsValidationException>().WithMessage("*Kie: Polling.FirstDelay*");
    }

    [Fact]
    public async Task Router_WithTwoProviders_RoutesByPrefixAndRefusesABareModelWithoutADefault()
    {
        // Arrange
        using var client = ImageClient.Create(i => i
            .AddConcurred(o => o.ApiKey = TestClients.ConcurredKey)
            .AddKie(o => o.ApiKey = TestClients.KieKey));

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat", Model = "flux-kontext-pro" });

        // Assert
        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("concurred, kie").And.Contain("DefaultProvider");
    }

    [Fact]
    public async Task ResumeJobAsync_TokenForAnUnregisteredProvider_ThrowsNamingIt()
    {
        // Arrange
        using var client = ImageClient.Create(i => i.AddConcurred(o => o.ApiKey = TestClients.ConcurredKey));
        var token = new ImageJobToken("kie", "task1", "flux-kontext-pro", ImageOperationKind.Generate, DateTimeOffset.UnixEpoch);

        // Act
        var act = () => client.ResumeJobAsync(token);

        // Assert
        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("'kie'").And.Contain("not registered");
    }
}
