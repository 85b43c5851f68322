using System.Reflection;
using ImagingClient.DependencyInjection;
using ImagingClient.Emulator;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Providers.Concurred;
using ImagingClient.Providers.Kie;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagingClient.Tests.DependencyInjection;

public sealed class ImagingConfigurationTests
{
    private static IConfigurationSection Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Imaging");

    [Fact]
    public void AddImagingClient_Section_BindsTheRouterAndRegistersEveryProviderWithASection()
    {
        // Arrange
        var section = Section(new()
        {
            ["Imaging:DefaultProvider"] = "kie",
            ["Imaging:MaxDownloadBytes"] = "1000000",
            ["Imaging:DownloadTimeout"] = "00:00:30",
            ["Imaging:BlockPrivateNetworkDownloads"] = "false",
            ["Imaging:AllowedDownloadHosts:0"] = "cdn.example.com",
            ["Imaging:DownloadRetry:MaxRetries"] = "1",
            ["Imaging:Telemetry:IncludePrompts"] = "true",
            ["Imaging:Concurred:ApiKey"] = TestClients.ConcurredKey,
            ["Imaging:Concurred:Timeout"] = "00:01:30",
            ["Imaging:kie:ApiKey"] = TestClients.KieKey,
            ["Imaging:Kie:Polling:FirstDelay"] = "00:00:05",
            ["Imaging:Apiframe:ApiKey"] = "apf_config_key_1234",
            ["Imaging:RelayGpu:ApiKey"] = "rg_config_key_1234",
            ["Imaging:RelayGpu:Asynchronous"] = "true",
        });
        var services = new ServiceCollection();

        // Act
        services.AddImagingClient(section);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        // Assert
        var router = provider.GetRequiredService<IOptions<ImagingClientOptions>>().Value;
        router.DefaultProvider.Should().Be("kie");
        router.MaxDownloadBytes.Should().Be(1_000_000);
        router.DownloadTimeout.Should().Be(TimeSpan.FromSeconds(30));
        router.BlockPrivateNetworkDownloads.Should().BeFalse();
        router.AllowedDownloadHosts.Should().Equal("cdn.example.com");
        router.DownloadRetry.MaxRetries.Should().Be(1);
        router.Telemetry.IncludePrompts.Should().BeTrue();
        provider.GetRequiredService<IOptions<ConcurredClientOptions>>().Value.Timeout.Should().Be(TimeSpan.FromSeconds(90));
        provider.GetRequiredService<IOptions<KieClientOptions>>().Value.Polling.FirstDelay.Should().Be(TimeSpan.FromSeconds(5));
        provider.GetRequiredService<IOptions<ApiframeClientOptions>>().Value.ApiKey.Should().Be("apf_config_key_1234");
        provider.GetRequiredService<IOptions<RelayGpuClientOptions>>().Value.Asynchronous.Should().BeTrue();
        foreach (var name in ImagingClientBuilderExtensions.ProviderNames)
        {
            provider.GetKeyedService<IImageClient>(name).Should().NotBeNull(name);
        }
    }

    [Fact]
    public void AddImagingClient_SectionWithOneProvider_RegistersOnlyThatOne()
    {
        // Arrange
        var services = new ServiceCollection();

        // Act
        services.AddImagingClient(Section(new() { ["Imaging:Concurred:ApiKey"] = TestClients.ConcurredKey }));
        using var provider = services.BuildServiceProvider();

        // Assert
        provider.GetKeyedService<IImageClient>("concurred").Should().NotBeNull();
        provider.GetKeyedService<IImageClient>("kie").Should().BeNull();
    }

    [Fact]
    public async Task Create_FromEnvironmentVariables_GeneratesThroughTheConfiguredProvider()
    {
        // Arrange: the variables as a host would read them (double underscores for colons), under a prefix of this test's own.
        await using var emulator = await ImagingEmulator.StartAsync();
        var prefix = $"IMAGINGCLIENT_TEST_{Guid.NewGuid():N}_";
        var variables = new Dictionary<string, string>
        {
            [$"{prefix}Imaging__Concurred__ApiKey"] = emulator.ApiKeyFor("concurred"),
            [$"{prefix}Imaging__Concurred__BaseAddress"] = emulator.BaseAddress.AbsoluteUri,
        };
        try
        {
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();

            // Act
            using var client = ImageClient.Create(configuration.GetSection("Imaging"));
            var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse" }).WithinLimitAsync("the generation");

            // Assert
            result.Provider.Should().Be("concurred");
            emulator.Requests.Should().Contain(r => r.Method == "POST");
        }
        finally
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    public static TheoryData<string, string, string> BadSections() => new()
    {
        { "Imaging:Concurred:BaseUrl", "https://concurred.example/", "*'Imaging:Concurred:BaseUrl'*not a setting of the section 'Imaging:Concurred'*" },
        { "Imaging:Kie:Polling:FirstDelai", "00:00:01", "*'Imaging:Kie:Polling:FirstDelai'*" },
        { "Imaging:DownloadRetry:MaxRetrys", "1", "*'Imaging:DownloadRetry:MaxRetrys'*" },
        { "Imaging:Telemetry:IncludePrompt", "true", "*'Imaging:Telemetry:IncludePrompt'*" },
        { "Imaging:Midjourney:ApiKey", "mj_key", "*'Imaging:Midjourney'*neither a provider*apiframe, concurred, kie, relaygpu*DefaultProvider*" },
        { "Imaging:DefaultProvder", "concurred", "*'Imaging:DefaultProvder'*neither a provider*" },
    };

    [Theory]
    [MemberData(nameof(BadSections))]
    public void Create_SectionWithABadKey_ThrowsAtStartNamingTheKeysPath(string key, string value, string expected)
    {
        // Arrange
        var section = Section(new() { ["Imaging:Concurred:ApiKey"] = TestClients.ConcurredKey, [key] = value });

        // Act
        var act = () => ImageClient.Create(section);

        // Assert
        act.Should().Throw<OptionsValidationException>().WithMessage(expected);
    }

    [Fact]
    public void Create_SectionWithAValueThatDoesNotConvert_ThrowsAtStartNamingTheKeysPath()
    {
        // Arrange
        var section = Section(new() { ["Imaging:Concurred:ApiKey"] = TestClients.ConcurredKey, ["Imaging:Concurred:Timeout"] = "soon" });

        // Act
        var act = () => ImageClient.Create(section);

        // Assert: the binder's own error, raised when the settings are first read.
        act.Should().Throw<InvalidOperationException>().WithMessage("*'soon' at 'Imaging:Concurred:Timeout'*TimeSpan*");
    }

    [Fact]
    public void ValidateOnStart_SectionWithAnUnknownKey_FailsAtStartNotOnTheFirstCall()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddImagingClient(Section(new()
        {
            ["Imaging:Concurred:ApiKey"] = TestClients.ConcurredKey,
            ["Imaging:Concurred:BaseUrl"] = "https://concurred.example/",
        }));
        using var provider = services.BuildServiceProvider();

        // Act
        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        // Assert
        act.Should().Throw<OptionsValidationException>().WithMessage("*Imaging:Concurred:BaseUrl*");
    }

    [Fact]
    public void Create_SectionWithUnusableProviderSettings_ThrowsTheProvidersOwnMessage()
    {
        // Arrange
        var section = Section(new() { ["Imaging:Concurred:ApiKey"] = TestClients.ConcurredKey, ["Imaging:Concurred:BaseAddress"] = "http://concurred.example/" });

        // Act
        var act = () => ImageClient.Create(section);

        // Assert
        act.Should().Throw<OptionsValidationException>().WithMessage("*Concurred: BaseAddress*must use https*");
    }

    [Fact]
    public void Create_SectionWithADefaultProviderWithoutASection_SaysItIsNotRegistered()
    {
        // Arrange
        var section = Section(new() { ["Imaging:DefaultProvider"] = "kie", ["Imaging:Concurred:ApiKey"] = TestClients.ConcurredKey });

        // Act
        var act = () => ImageClient.Create(section);

        // Assert
        act.Should().Throw<OptionsValidationException>().WithMessage("*DefaultProvider 'kie' is not registered*concurred*");
    }

    [Fact]
    public void RouterKeys_AreEveryPublicPropertyOfTheRouterOptions()
    {
        // Arrange
        var properties = typeof(ImagingClientOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name);

        // Assert
        ImagingConfigurationValidator.RouterKeys.Should().BeEquivalentTo(properties, "a router setting missing from the list would be taken for a provider's section");
    }
}
