using ImagingClient.Emulator;

namespace ImagingClient.Tests.Emulator;

public sealed class ImagingEmulatorOptionsTests
{
    [Fact]
    public void For_ProviderSettingsType_ReturnsTheSameInstanceAsTheShorthand()
    {
        // Arrange
        var options = new ImagingEmulatorOptions();

        // Act
        var kie = options.For<KieEmulatorOptions>();
        var concurred = options.For<ConcurredEmulatorOptions>();

        // Assert
        kie.Should().BeSameAs(options.Kie).And.BeSameAs(options.For<KieEmulatorOptions>());
        concurred.Should().BeSameAs(options.Concurred);
        kie.ApiKey.Should().Be(KieEmulatorOptions.DefaultApiKey);
        concurred.ApiKey.Should().Be(ConcurredEmulatorOptions.DefaultApiKey);
    }

    [Fact]
    public void For_TypeNoProviderDeclares_Throws()
    {
        // Arrange
        var options = new ImagingEmulatorOptions();

        // Act
        var act = () => options.For<object>();

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*not the settings type of an emulated provider*");
    }

    [Fact]
    public void ObjectInitializer_NestedProviderSettings_SetsThem()
    {
        // Act
        var options = new ImagingEmulatorOptions
        {
            Port = 5080,
            Concurred = { ApiKey = "ck_custom", RateLimitPerMinute = 2 },
            Kie = { TaskDuration = TimeSpan.FromSeconds(3), WebhookHmacKey = "hmac" },
        };

        // Assert
        options.Port.Should().Be(5080);
        options.Concurred.ApiKey.Should().Be("ck_custom");
        options.Concurred.RateLimitPerMinute.Should().Be(2);
        options.Kie.TaskDuration.Should().Be(TimeSpan.FromSeconds(3));
        options.Kie.WebhookHmacKey.Should().Be("hmac");
        options.Kie.ApiKey.Should().Be(KieEmulatorOptions.DefaultApiKey);
    }
}

public sealed class ImagingEmulatorProviderKeysTests
{
    [Fact]
    public async Task ApiKeyFor_EachProviderByName_IsTheKeyItsRoomAccepts()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { Concurred = { ApiKey = "ck_custom" } });

        // Act
        var concurred = emulator.ApiKeyFor("CONCURRED");
        var kie = emulator.ApiKeyFor("kie");

        // Assert
        concurred.Should().Be("ck_custom");
        kie.Should().Be(KieEmulatorOptions.DefaultApiKey);
        ImagingEmulator.DefaultApiKeyFor("concurred").Should().Be(ConcurredEmulatorOptions.DefaultApiKey);
        // On the relaygpu-emulator branch only: the emulator has a RelayGPU room before the library has a RelayGPU
        // client, so this is Contain here; it goes back to BeEquivalentTo (exactly the library's providers) on merge.
        ImagingEmulator.ProviderNames.Should().BeEquivalentTo(ImagingClientBuilderExtensions.ProviderNames, "the emulator emulates exactly the providers the library has");
        emulator.Invoking(e => e.ApiKeyFor("nope")).Should().Throw<ArgumentException>().WithMessage("*'nope'*concurred*");
    }
}
