using ImagingClient.Providers.Kie;
using ImagingClient.Tests.TestSupport;
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
