using ImagingClient.Emulator.Apiframe;

namespace ImagingClient.Tests.Emulator.Apiframe;

public sealed class ApiframeSchemasTests
{
    [Fact]
    public void Schemas_GenerateRoute_HasOneStrictVariantPerModelAndEveryModelIsPriced()
    {
        // Arrange
        var variants = ApiframeSchemas.Generate.OneOf!;

        // Act
        var models = variants.Select(variant => variant.Property("model")!.StringEnum!.Single()).ToArray();
        var blocks = variants.SelectMany(variant => variant.Properties!.Where(property => property.Name.EndsWith("Params", StringComparison.Ordinal))).ToArray();
        var creatingModels = new[] { ApiframeSchemas.Generate, ApiframeSchemas.Edit, ApiframeSchemas.Upscale, ApiframeSchemas.BackgroundRemove }
            .SelectMany(schema => schema.OneOf!)
            .Select(variant => variant.Property("model")!.StringEnum!.Single())
            .ToArray();

        // Assert
        ApiframeSchemas.Generate.Discriminator.Should().Be("model");
        ApiframeSchemas.MidjourneyAction.Discriminator.Should().Be("action");
        variants.Should().HaveCount(51);
        models.Should().OnlyHaveUniqueItems();
        variants.Should().OnlyContain(variant => !variant.AdditionalProperties);
        blocks.Should().OnlyContain(block => !block.Schema.AdditionalProperties);
        blocks.Select(block => block.Name).Distinct().Should().HaveCount(18, "the 51 models share 18 parameter families");
        creatingModels.Should().BeEquivalentTo(ApiframeModels.All.Select(model => model.Id), "every model the schemas accept has a price and a catalog entry");
        ApiframeModels.All.Where(model => models.Contains(model.Id))
            .Should().OnlyContain(model => variants.Single(variant => variant.Property("model")!.StringEnum!.Single() == model.Id).Property(model.Block) != null);
    }
}
