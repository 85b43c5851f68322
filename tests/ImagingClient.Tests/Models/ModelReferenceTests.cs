using ImagingClient.Models;

namespace ImagingClient.Tests.Models;

public sealed class ModelReferenceTests
{
    [Theory]
    [InlineData("concurred:flux-2-pro", "concurred", "flux-2-pro")]
    [InlineData("Concurred:imagen-4", "concurred", "imagen-4")]
    [InlineData("  CONCURRED :  sd-3.5 ", "concurred", "sd-3.5")]
    [InlineData("kie:flux-kontext-pro", "kie", "flux-kontext-pro")]
    [InlineData("a:b:c", "a", "b:c")]
    public void Parse_PrefixedId_SplitsProviderAndModel(string id, string provider, string model)
    {
        // Act
        var reference = ModelReference.Parse(id);

        // Assert
        reference.Should().Be(new ModelReference(provider, model));
    }

    [Theory]
    [InlineData("flux-2-pro", "flux-2-pro")]
    [InlineData("  flux-2-pro  ", "flux-2-pro")]
    [InlineData("Flux-2-Pro", "Flux-2-Pro")]
    public void Parse_BareId_HasNoProvider(string id, string model)
    {
        // Act
        var reference = ModelReference.Parse(id);

        // Assert
        reference.Provider.Should().BeNull();
        reference.Model.Should().Be(model);
    }

    [Theory]
    [InlineData(":x")]
    [InlineData("concurred:")]
    [InlineData(":")]
    [InlineData(" : ")]
    [InlineData("concurred:   ")]
    [InlineData("   :flux-2-pro")]
    public void Parse_MalformedId_ThrowsArgumentException(string id)
    {
        // Act
        var act = () => ModelReference.Parse(id);

        // Assert
        var ex = act.Should().ThrowExactly<ArgumentException>().Which;
        ex.ParamName.Should().Be("Model");
        ex.Message.Should().Contain($"'{id}'").And.Contain("provider:model");
    }

    [Fact]
    public void ResolveFor_NoModel_ReturnsDefault()
    {
        // Act
        var model = ModelReference.ResolveFor("concurred", null, "flux-2-pro");

        // Assert
        model.Should().Be("flux-2-pro");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ResolveFor_BlankModel_ThrowsRatherThanChoosingTheDefault(string requested)
    {
        // Act
        var act = () => ModelReference.ResolveFor("concurred", requested, "flux-2-pro");

        // Assert
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("Model");
    }

    [Theory]
    [InlineData("concurred:imagen-4", "imagen-4")]
    [InlineData("CONCURRED:imagen-4", "imagen-4")]
    [InlineData("imagen-4", "imagen-4")]
    [InlineData(" imagen-4 ", "imagen-4")]
    public void ResolveFor_OwnOrBareModel_ReturnsBareModel(string requested, string expected)
    {
        // Act
        var model = ModelReference.ResolveFor("concurred", requested, "flux-2-pro");

        // Assert
        model.Should().Be(expected);
    }

    [Fact]
    public void ResolveFor_OtherProvidersModel_ThrowsNamingBothProviders()
    {
        // Act
        var act = () => ModelReference.ResolveFor("concurred", "kie:flux-kontext-pro", "flux-2-pro");

        // Assert
        var ex = act.Should().ThrowExactly<ArgumentException>().Which;
        ex.ParamName.Should().Be("Model");
        ex.Message.Should().Contain("kie:flux-kontext-pro").And.Contain("'kie'").And.Contain("'concurred'");
    }

    [Theory]
    [InlineData(":x")]
    [InlineData("concurred:")]
    public void ResolveFor_MalformedModel_ThrowsArgumentException(string requested)
    {
        // Act
        var act = () => ModelReference.ResolveFor("concurred", requested, "flux-2-pro");

        // Assert
        act.Should().ThrowExactly<ArgumentException>().Which.ParamName.Should().Be("Model");
    }
}
