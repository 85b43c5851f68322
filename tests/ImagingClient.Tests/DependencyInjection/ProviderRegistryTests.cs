using ImagingClient.Providers.Kie;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.Tests.DependencyInjection;

public sealed class ProviderRegistryTests
{
    [Fact]
    public void ProviderNames_ListEveryProviderRoom()
    {
        // Arrange
        var rooms = Directory.GetDirectories(Path.Combine(RepositoryRoot.Path, "src", "ImagingClient", "Providers"))
            .Select(d => Path.GetFileName(d)!.ToLowerInvariant());

        // Act
        var names = ImagingClientBuilderExtensions.ProviderNames;

        // Assert
        names.Should().BeEquivalentTo(rooms, "every provider room registers itself when the library loads");
    }

    [Fact]
    public void AddProvider_ByNameInCode_RegistersTheSameClientAsItsOwnMethod()
    {
        // Arrange
        using var client = ImageClient.Create(i => i.AddProvider("KIE", o => o.ApiKey = TestClients.KieKey));

        // Act
        var kie = client.GetService<IKieApi>(KieModels.ProviderName);

        // Assert
        kie.Should().NotBeNull();
    }

    [Fact]
    public void AddProvider_ByNameFromConfiguration_BindsTheSection()
    {
        // Arrange
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ApiKey"] = TestClients.ConcurredKey,
            ["Timeout"] = "00:00:42",
        }).Build();
        var services = new ServiceCollection();

        // Act
        services.AddImagingClient().AddProvider("concurred", section);
        using var provider = services.BuildServiceProvider();

        // Assert
        provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ImagingClient.Providers.Concurred.ConcurredClientOptions>>().Value.Timeout
            .Should().Be(TimeSpan.FromSeconds(42));
    }

    [Fact]
    public void AddProvider_UnknownName_ThrowsListingTheProviders()
    {
        // Act
        var act = () => new ServiceCollection().AddImagingClient().AddProvider("nope", _ => { });

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*'nope'*concurred*kie*");
    }
}
