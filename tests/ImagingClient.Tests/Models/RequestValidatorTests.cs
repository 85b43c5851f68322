using System.Text;
using ImagingClient.Models;

namespace ImagingClient.Tests.Models;

public sealed class RequestValidatorTests
{
    private static readonly RouteSpec Route = new(HttpMethod.Post, "v1/images", ModelInBody: true, RouteMode.Sync, ImageShape.Base64Strings);

    private static readonly FieldSpec Prompt = new("prompt", FieldType.String) { Unified = UnifiedField.Prompt, Required = true, MinLength = 1, MaxLength = 20 };

    private static readonly ModelCatalog Catalog = new(
        "acme",
        "Acme",
        [
            new ModelSpec
            {
                Id = "sketch-1",
                Aliases = ["sketch"],
                Family = "sketch",
                Operation = ImageOperationKind.Generate,
                Route = Route,
                Fields =
                [
                    Prompt,
                    new("seed", FieldType.Integer) { Unified = UnifiedField.Seed, Option = "Seed", Block = "sketchParams", Min = 0, Max = 99 },
                    new("style", FieldType.String) { Option = "Style", Block = "sketchParams", Allowed = FieldSpec.Values("ink", "pencil") },
                    new("n", FieldType.Integer) { Unified = UnifiedField.Count, Min = 1, Max = 4 },
                    new("character", FieldType.String) { Option = "Character", Required = true },
                ],
            },
            new ModelSpec
            {
                Id = "paint-1",
                Family = "paint",
                Operation = ImageOperationKind.Generate,
                Route = Route with { ModelInBody = false },
                Fields = [Prompt, new("width", FieldType.Integer) { Unified = UnifiedField.Width, Min = 64, Max = 2048 }],
            },
            new ModelSpec
            {
                Id = "retouch-1",
                Family = "paint",
                Operation = ImageOperationKind.Edit,
                Route = Route,
                Fields = [Prompt, new("image", FieldType.ImageUrl) { Unified = UnifiedField.Image, Required = true }],
            },
        ],
        new Dictionary<ImageOperationKind, string> { [ImageOperationKind.Generate] = "paint-1" },
        static (id, operation) => new ModelSpec { Id = id, Family = "unknown", Operation = operation, Route = Route, Fields = [Prompt], IsCatalogued = false });

    [Fact]
    public void Validate_SameValueInUnifiedFieldAndOptionRecord_IsSentOnce()
    {
        // Arrange
        var request = Sketch() with { Seed = 7, ProviderOptions = new AcmeSketchOptions { Seed = 7, Character = "cat" } };

        // Act
        var validated = RequestValidator.Validate(Catalog, request, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);

        // Assert
        validated.Values.Where(v => v.Field.WireName == "seed").Should().ContainSingle().Which.Value.Should().Be(7L);
    }

    [Fact]
    public void Validate_DifferentValuesInUnifiedFieldAndOptionRecord_ThrowsNamingBoth()
    {
        // Arrange
        var request = Sketch() with { Seed = 7, ProviderOptions = new AcmeSketchOptions { Seed = 8, Character = "cat" } };

        // Act
        var act = () => RequestValidator.Validate(Catalog, request, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);

        // Assert
        var ex = act.Should().Throw<ArgumentException>().Which;
        ex.Message.Should().Contain("Seed (7)").And.Contain("AcmeSketchOptions.Seed (8)").And.Contain("acme:sketch-1");
        ex.ParamName.Should().Be("AcmeSketchOptions.Seed");
    }

    [Fact]
    public void Validate_OptionRecordOfAnotherFamily_ThrowsNamingTheFamilies()
    {
        // Arrange
        var request = new ImageGenerationRequest { Prompt = "p", Model = "acme:paint-1", ProviderOptions = new AcmeSketchOptions { Style = "ink" } };

        // Act
        var act = () => RequestValidator.Validate(Catalog, request, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*AcmeSketchOptions*'sketch'*acme:paint-1*'paint'*").Which.ParamName.Should().Be("ProviderOptions");
    }

    [Fact]
    public void Validate_RequiredOptionFieldMissing_ThrowsNamingIt()
    {
        // Arrange
        var request = Sketch() with { ProviderOptions = new AcmeSketchOptions { Style = "ink" } };

        // Act
        var act = () => RequestValidator.Validate(Catalog, request, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("Character is required by model 'acme:sketch-1'*");
    }

    [Fact]
    public void Validate_ValueNotAllowed_ListsTheAllowedValues()
    {
        // Arrange
        var request = Sketch() with { ProviderOptions = new AcmeSketchOptions { Style = "crayon", Character = "cat" } };

        // Act
        var act = () => RequestValidator.Validate(Catalog, request, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("AcmeSketchOptions.Style 'crayon' is not accepted by model 'acme:sketch-1'; use one of ink, pencil.*");
    }

    [Fact]
    public void Validate_OutOfRange_GivesRangeModelAndOperation()
    {
        // Arrange
        var request = new ImageGenerationRequest { Prompt = "p", Width = 32 };

        // Act
        var act = () => RequestValidator.Validate(Catalog, request, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);

        // Assert
        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Width must be between 64 and 2048 when generating with model 'acme:paint-1'; it was 32.*")
            .Which.ParamName.Should().Be("Width");
    }

    [Fact]
    public void Validate_UnsupportedField_NamesTheModelsThatTakeIt()
    {
        // Arrange
        var request = new ImageGenerationRequest { Prompt = "p", Seed = 1 };

        // Act
        var act = () => RequestValidator.Validate(Catalog, request, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);

        // Assert
        act.Should().Throw<ArgumentException>()
            .WithMessage("Model 'acme:paint-1' does not take Seed; Acme models that take it when generating: sketch-1.*WarnAndDrop*")
            .Which.ParamName.Should().Be("Seed");
    }

    [Fact]
    public void Validate_UnsupportedFieldWithWarnAndDrop_DropsItWithAWarning()
    {
        // Arrange
        var request = new ImageGenerationRequest { Prompt = "p", Seed = 1, Count = 1 };

        // Act
        var validated = RequestValidator.Validate(Catalog, request, ImageOperationKind.Generate, UnsupportedFieldHandling.WarnAndDrop);

        // Assert
        validated.Values.Select(v => v.Field.WireName).Should().Equal("prompt");
        validated.Warnings.Should().ContainSingle().Which.Should().Contain("Seed").And.Contain("not sent");
    }

    [Fact]
    public void Validate_PromptTooLong_ThrowsWithTheLimit()
    {
        // Arrange
        var request = new ImageGenerationRequest { Prompt = new string('a', 21) };

        // Act
        var act = () => RequestValidator.Validate(Catalog, request, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);

        // Assert
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Prompt must be at most 20 characters*").Which.ParamName.Should().Be("Prompt");
    }

    [Fact]
    public void Validate_AliasOfAnyCase_ResolvesToTheCanonicalId()
    {
        // Act
        var validated = RequestValidator.Validate(Catalog, Sketch() with { Model = "acme:SKETCH", ProviderOptions = new AcmeSketchOptions { Character = "cat" } }, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);

        // Assert
        validated.Model.Id.Should().Be("sketch-1");
        validated.QualifiedModel.Should().Be("acme:sketch-1");
    }

    [Fact]
    public void Validate_UnknownModel_PassesThroughWithAWarning()
    {
        // Act
        var validated = RequestValidator.Validate(Catalog, new ImageGenerationRequest { Prompt = "p", Model = "acme:brand-new" }, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);

        // Assert
        validated.Model.IsCatalogued.Should().BeFalse();
        validated.Warnings.Should().ContainSingle().Which.Should().Contain("acme:brand-new").And.Contain("catalog");
    }

    [Fact]
    public void Validate_EditModelForGeneration_SaysToCallEditAsync()
    {
        // Act
        var act = () => RequestValidator.Validate(Catalog, new ImageGenerationRequest { Prompt = "p", Model = "acme:retouch-1" }, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*edit model*EditAsync*'acme:paint-1'*");
    }

    [Fact]
    public void Validate_NoDefaultForTheOperation_AsksForAModel()
    {
        // Act
        var act = () => RequestValidator.Validate(Catalog, new ImageEditRequest { Prompt = "p", Image = ImageInput.FromUri("https://example.com/a.png") }, ImageOperationKind.Edit, UnsupportedFieldHandling.Throw);

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("Acme has no default model for edits; set Model.*");
    }

    [Fact]
    public void WriteJsonBody_BlocksAndModel_AreWrittenWhereTheRouteAndFieldsSay()
    {
        // Arrange
        var request = Sketch() with { Seed = 3, Count = 2, ProviderOptions = new AcmeSketchOptions { Style = "ink", Character = "cat" } };

        // Act
        var body = Encoding.UTF8.GetString(RequestValidator.Validate(Catalog, request, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw).WriteJsonBody());

        // Assert
        body.Should().Be("""{"model":"sketch-1","prompt":"a cat","sketchParams":{"seed":3,"style":"ink"},"n":2,"character":"cat"}""");
    }

    [Fact]
    public void WriteJsonBody_RouteWithoutModelInBody_LeavesTheModelOut()
    {
        // Act
        var body = Encoding.UTF8.GetString(RequestValidator.Validate(Catalog, new ImageGenerationRequest { Prompt = "p", Width = 512 }, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw).WriteJsonBody());

        // Assert
        body.Should().Be("""{"prompt":"p","width":512}""");
    }

    [Fact]
    public void ModelCatalog_DuplicateId_IsRefusedWhenBuilt()
    {
        // Arrange
        var model = Catalog.Models[1];

        // Act
        var act = () => new ModelCatalog("acme", "Acme", [model, model with { Aliases = [] }], new Dictionary<ImageOperationKind, string>(), (_, _) => model);

        // Assert
        act.Should().Throw<InvalidOperationException>().WithMessage("*'paint-1' twice*");
    }

    [Fact]
    public void ModelCatalog_DefaultNotInIt_IsRefusedWhenBuilt()
    {
        // Act
        var act = () => new ModelCatalog("acme", "Acme", [], new Dictionary<ImageOperationKind, string> { [ImageOperationKind.Generate] = "ghost" }, (_, _) => Catalog.Models[0]);

        // Assert
        act.Should().Throw<InvalidOperationException>().WithMessage("*'ghost' is not in it*");
    }

    private static ImageGenerationRequest Sketch() => new() { Prompt = "a cat", Model = "acme:sketch-1" };

    /// <summary>An option record of a made-up provider, to test the rules every provider's records follow.</summary>
    private sealed record AcmeSketchOptions : ImageProviderOptions
    {
        public override string Provider => "acme";

        public long? Seed { get; init; }

        public string? Style { get; init; }

        public string? Character { get; init; }

        internal override string? Family => "sketch";

        internal override void AddFields(OptionFields fields) => fields
            .Add(nameof(Seed), "seed", Seed)
            .Add(nameof(Style), "style", Style)
            .Add(nameof(Character), "character", Character);
    }
}
