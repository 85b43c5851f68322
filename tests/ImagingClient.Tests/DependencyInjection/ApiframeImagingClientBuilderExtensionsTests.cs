using ImagingClient.Providers.Apiframe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagingClient.Tests.DependencyInjection;

public sealed class ApiframeImagingClientBuilderExtensionsTests
{
    [Fact]
    public void AddApiframe_FromConfiguration_BindsTheSettingsAndRegistersTheKeyedClientAndItsApi()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Apiframe:ApiKey"] = "afk_from_config_1",
            ["Apiframe:BaseAddress"] = "https://proxy.example.com/apiframe/",
            ["Apiframe:Polling:Timeout"] = "00:20:00",
            ["Apiframe:UploadExpiryMargin"] = "00:05:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddImagingClient().AddApiframe(configuration.GetSection("Apiframe"));
        using var provider = services.BuildServiceProvider();

        // Act
        var options = provider.GetRequiredService<IOptions<ApiframeClientOptions>>().Value;
        var client = provider.GetRequiredKeyedService<IImageClient>("apiframe");

        // Assert
        options.ApiKey.Should().Be("afk_from_config_1");
        options.BaseAddress.Should().Be(new Uri("https://proxy.example.com/apiframe/"));
        options.Polling.Timeout.Should().Be(TimeSpan.FromMinutes(20));
        options.UploadExpiryMargin.Should().Be(TimeSpan.FromMinutes(5));
        options.ToString().Should().NotContain("afk_from_config_1");
        client.GetService<IApiframeApi>().Should().NotBeNull();
        provider.GetRequiredService<IApiframeApi>().Should().NotBeNull();
        provider.GetRequiredService<ApiframeWebhookVerifier>().Provider.Should().Be("apiframe");
    }

    [Fact]
    public void ApiframeClientOptions_Defaults_FollowApiframesGuidance()
    {
        // Act
        var options = new ApiframeClientOptions();

        // Assert: the public endpoint, and polling every 2–3 seconds for images.
        options.BaseAddress.Should().Be(new Uri("https://api.apiframe.ai/"));
        options.Polling.FirstDelay.Should().Be(TimeSpan.FromSeconds(2));
        options.Polling.MaxInterval.Should().Be(TimeSpan.FromSeconds(3));
        ApiframeClientOptions.HttpClientName.Should().Be("ImagingClient.Apiframe");
    }

    [Fact]
    public void AddProvider_Apiframe_ByName_IsTheSameAsAddApiframe()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddImagingClient().AddProvider("apiframe", o => o.ApiKey = "afk_by_name");
        using var provider = services.BuildServiceProvider();

        // Act
        var options = provider.GetRequiredService<IOptions<ApiframeClientOptions>>().Value;

        // Assert
        ImagingClientBuilderExtensions.ProviderNames.Should().Contain("apiframe");
        options.ApiKey.Should().Be("afk_by_name");
        provider.GetRequiredKeyedService<IImageClient>("apiframe").Should().NotBeNull();
    }

    [Fact]
    public void AddApiframe_BadSettings_SayWhatIsWrongWhenTheClientIsResolved()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddImagingClient().AddApiframe(o =>
        {
            o.ApiKey = "afk_ok";
            o.UploadExpiryMargin = TimeSpan.FromHours(2);
        });
        using var provider = services.BuildServiceProvider();

        // Act
        var act = () => provider.GetRequiredKeyedService<IImageClient>("apiframe");

        // Assert
        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("UploadExpiryMargin");
    }
}
