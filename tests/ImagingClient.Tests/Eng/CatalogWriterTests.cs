using System.Text.Json.Nodes;
using ApiframeGenerator;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Eng;

/// <summary>The generator, fed small OpenAPI documents written here (never Apiframe's own).</summary>
public sealed class CatalogWriterTests
{
    /// <summary>Two generation models with the same block (enum, range, pattern, uri, uri array, nullable uri array, uuid, number set), and one of each other route.</summary>
    private const string Document = """
        {
          "openapi": "3.1.0",
          "paths": {
            "/v2/images/generate": { "post": {
              "parameters": [ { "$ref": "#/components/parameters/IdempotencyKey" } ],
              "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Generate" } } } },
              "responses": { "202": { "description": "accepted" } } } },
            "/v2/images/edit": { "post": {
              "parameters": [ { "$ref": "#/components/parameters/IdempotencyKey" } ],
              "requestBody": { "content": { "application/json": { "schema": {
                "oneOf": [ { "type": "object", "additionalProperties": false, "required": ["model", "fillParams"], "properties": {
                  "model": { "type": "string", "enum": ["fill-1"] },
                  "fillParams": { "type": "object", "additionalProperties": false, "required": ["image", "prompt", "mode"], "properties": {
                    "image": { "type": "string", "format": "uri" },
                    "prompt": { "type": "string", "minLength": 1, "maxLength": 100 },
                    "mode": { "type": "string", "enum": ["inpaint", "outpaint"] },
                    "output_format": { "type": "string", "enum": ["jpeg", "png"] } } } } } ] } } } },
              "responses": { "202": { "description": "accepted" } } } },
            "/v2/images/upscale": { "post": {
              "requestBody": { "content": { "application/json": { "schema": {
                "type": "object", "required": ["model", "zoomParams"], "properties": {
                  "model": { "type": "string", "enum": ["zoom-1"] },
                  "zoomParams": { "type": "object", "required": ["image"], "properties": {
                    "image": { "type": "string", "format": "uri" },
                    "factor": { "anyOf": [ { "type": "number", "enum": [1.5] }, { "type": "number", "enum": [3] } ] } } } } } } } },
              "responses": { "202": { "description": "accepted" } } } },
            "/v2/images/background-remove": { "post": {
              "requestBody": { "content": { "application/json": { "schema": {
                "type": "object", "required": ["model", "cutParams"], "properties": {
                  "model": { "type": "string", "enum": ["cut-1"] },
                  "cutParams": { "type": "object", "required": ["image"], "properties": { "image": { "type": "string", "format": "uri" } } } } } } } },
              "responses": { "202": { "description": "accepted" } } } },
            "/v2/images/midjourney/action": { "post": {
              "requestBody": { "content": { "application/json": { "schema": {
                "oneOf": [ { "type": "object", "required": ["action", "index"], "properties": {
                  "action": { "type": "string", "enum": ["upsample"] },
                  "index": { "anyOf": [ { "type": "number", "enum": [1] }, { "type": "number", "enum": [2] } ] } } } ] } } } },
              "responses": { "202": { "description": "accepted" } } } }
          },
          "components": {
            "parameters": {
              "IdempotencyKey": { "in": "header", "name": "Idempotency-Key", "required": false, "schema": { "type": "string", "maxLength": 64 } }
            },
            "schemas": {
              "AlphaParams": { "type": "object", "additionalProperties": false, "required": ["lora"], "properties": {
                "aspect_ratio": { "type": "string", "pattern": "^\\d+:\\d+$" },
                "style": { "type": "string", "enum": ["ink", "oil"] },
                "strength": { "type": "number", "minimum": 0.25, "maximum": 1 },
                "n": { "type": "integer", "minimum": 1, "maximum": 4 },
                "image": { "type": "string", "format": "uri" },
                "image_input": { "type": "array", "items": { "type": "string", "format": "uri" }, "maxItems": 3 },
                "masks": { "type": ["array", "null"], "items": { "type": "string", "format": "uri" } },
                "lora": { "type": "string", "format": "uuid" },
                "output_format": { "type": "string", "enum": ["jpg", "png"] },
                "tags": { "type": "array", "items": { "type": "string", "enum": ["a", "b"] }, "minItems": 1 } } },
              "Generate": { "oneOf": [
                { "type": "object", "additionalProperties": false, "required": ["prompt", "model"], "properties": {
                  "model": { "type": "string", "enum": ["alpha-1"] },
                  "prompt": { "type": "string", "minLength": 1, "maxLength": 300 },
                  "webhookUrl": { "type": "string", "format": "uri" },
                  "alphaParams": { "$ref": "#/components/schemas/AlphaParams" } } },
                { "type": "object", "additionalProperties": false, "required": ["prompt", "model"], "properties": {
                  "model": { "type": "string", "enum": ["alpha-1.5"] },
                  "prompt": { "type": "string", "minLength": 1, "maxLength": 300 },
                  "webhookUrl": { "type": "string", "format": "uri" },
                  "alphaParams": { "$ref": "#/components/schemas/AlphaParams" } } } ] }
            }
          }
        }
        """;

    [Fact]
    public void Write_SmallDocument_WritesEachFieldWithTheSchemasFacts()
    {
        // Arrange
        var document = OpenApi.Load(Document);

        // Act
        var code = CatalogWriter.Write(document);

        // Assert
        code.Should().StartWith("// <auto-generated/>");
        code.Should().Contain("internal static partial class ApiframeCatalog");
        code.Should().Contain("""public static readonly FieldSpec Prompt = new("prompt", FieldType.String) { Unified = UnifiedField.Prompt, Option = "Prompt", MinLength = 1, MaxLength = 300, Required = true };""");
        code.Should().Contain("""public static readonly FieldSpec IdempotencyKey = new("Idempotency-Key", FieldType.String) { Unified = UnifiedField.IdempotencyKey, Option = "IdempotencyKey", Location = FieldLocation.Header, MaxLength = 64 };""");
        code.Should().Contain("""new("aspect_ratio", FieldType.String) { Unified = UnifiedField.AspectRatio, Option = "AspectRatio", Block = "alphaParams", Pattern = @"^\d+:\d+$" },""");
        code.Should().Contain("""new("style", FieldType.String) { Option = "Style", Block = "alphaParams", Allowed = FieldSpec.Values("ink", "oil") },""");
        code.Should().Contain("""new("strength", FieldType.Number) { Option = "Strength", Block = "alphaParams", Min = 0.25, Max = 1 },""");
        code.Should().Contain("""new("n", FieldType.Integer) { Unified = UnifiedField.Count, Option = "NumberOfImages", Block = "alphaParams", Min = 1, Max = 4 },""");
        code.Should().Contain("""new("image", FieldType.ImageUrl) { Option = "Image", Block = "alphaParams" },""", "one unified field per model: the list takes ReferenceImages");
        code.Should().Contain("""new("image_input", FieldType.ImageUrlList) { Unified = UnifiedField.ReferenceImages, Option = "ImageInputs", Block = "alphaParams", MaxLength = 3 },""");
        code.Should().Contain("""new("masks", FieldType.ImageUrlList) { Option = "Masks", Block = "alphaParams" },""");
        code.Should().Contain("""new("lora", FieldType.Uuid) { Option = "Lora", Block = "alphaParams", Required = true },""");
        code.Should().Contain("""new("output_format", FieldType.String) { Unified = UnifiedField.OutputFormat, Option = "OutputFormat", Block = "alphaParams", Allowed = FieldSpec.Values("jpg", "png"), UnifiedSpelling = JpegAsJpg },""");
        code.Should().Contain("""new("tags", FieldType.StringList) { Option = "Tags", Block = "alphaParams", MinLength = 1, Allowed = FieldSpec.Values("a", "b") },""");
        code.Should().Contain("""public static readonly FieldSpec WebhookUrl = new("webhookUrl", FieldType.Url) { Unified = UnifiedField.WebhookUrl, Option = "WebhookUrl" };""");
    }

    [Fact]
    public void Write_SmallDocument_SharesOneFieldListBetweenIdenticalModels()
    {
        // Arrange
        var document = OpenApi.Load(Document);

        // Act
        var code = CatalogWriter.Write(document);

        // Assert
        code.Should().Contain("/// <summary><c>alphaParams</c> of alpha-1, alpha-1.5.</summary>");
        code.Should().Contain("""Model("alpha-1", "alpha", ImageOperationKind.Generate, GenerateRoute, AlphaFields),""");
        code.Should().Contain("""Model("alpha-1.5", "alpha", ImageOperationKind.Generate, GenerateRoute, AlphaFields),""");
        code.Split("public static readonly FieldSpec[] AlphaFields").Should().HaveCount(2, "the list is written once");
        code.Should().Contain("internal static IReadOnlyList<ModelSpec> GenerateModels => Generated.GenerateModels;");
    }

    [Fact]
    public void Write_OtherRoutes_MapEditFieldsImpliedModeAndNumberSets()
    {
        // Arrange
        var document = OpenApi.Load(Document);

        // Act
        var code = CatalogWriter.Write(document);

        // Assert
        code.Should().Contain("""new("image", FieldType.ImageUrl) { Unified = UnifiedField.Image, Block = "fillParams", Required = true },""");
        code.Should().Contain("""new("prompt", FieldType.String) { Unified = UnifiedField.Prompt, Block = "fillParams", MinLength = 1, MaxLength = 100, Required = true },""");
        code.Should().Contain("""new("mode", FieldType.String) { Option = "Mode", Block = "fillParams", Allowed = FieldSpec.Values("inpaint", "outpaint"), Required = true, Implied = "inpaint" },""");
        code.Should().Contain("""new("output_format", FieldType.String) { Unified = UnifiedField.OutputFormat, Option = "OutputFormat", Block = "fillParams", Allowed = FieldSpec.Values("jpeg", "png") },""", "a family that spells jpeg 'jpeg' needs no spelling");
        code.Should().Contain("""new("factor", FieldType.Number) { Option = "Factor", Block = "zoomParams", AllowedNumbers = [1.5, 3] },""");
        code.Should().Contain("""public static readonly FieldSpec Index = new("index", FieldType.Integer) { Option = "Index", AllowedNumbers = [1, 2], Required = true };""");
        code.Should().Contain("""Model("upsample", "midjourneyAction", ImageOperationKind.FollowUp, MidjourneyActionRoute, MidjourneyActionFields),""");
        code.Should().Contain("""Model("cut-1", "cut", ImageOperationKind.RemoveBackground, BackgroundRemoveRoute, CutFields),""");
        code.Should().Contain("""new(HttpMethod.Post, "v2/images/midjourney/action", ModelInBody: true, RouteMode.Async, ImageShape.UrlOrImageSet) { ModelProperty = "action" };""");
    }

    [Fact]
    public void Write_SameDocumentTwice_GivesTheSameText()
    {
        // Arrange, Act
        var first = CatalogWriter.Write(OpenApi.Load(Document));
        var second = CatalogWriter.Write(OpenApi.Load(Document));

        // Assert
        second.Should().Be(first);
    }

    [Fact]
    public void WriteModels_SmallDocument_WritesQualifiedConstantsAndTheGenerationList()
    {
        // Arrange
        var document = OpenApi.Load(Document);

        // Act
        var code = CatalogWriter.WriteModels(document);

        // Assert
        code.Should().Contain("public static partial class ApiframeModels");
        code.Should().Contain("""public const string Alpha1 = "apiframe:alpha-1";""");
        code.Should().Contain("""public const string Alpha15 = "apiframe:alpha-1.5";""");
        code.Should().Contain("""public const string Fill1 = "apiframe:fill-1";""");
        code.Should().Contain("""<see cref="ApiframeAlphaOptions"/>, which must set <c>Lora</c>.""");
        code.Should().NotContain("Zoom1", "only generation and edit models get constants");
        code[code.IndexOf("All { get; }", StringComparison.Ordinal)..].Should().Contain("Alpha1,").And.Contain("Alpha15,").And.NotContain("Fill1");
    }

    [Theory]
    [InlineData("\"strength\": { \"type\": \"number\", \"minimum\": 0.25, \"maximum\": 1 }", "\"strength\": { \"type\": \"number\", \"multipleOf\": 0.25 }", "multipleOf")]
    [InlineData("\"lora\": { \"type\": \"string\", \"format\": \"uuid\" }", "\"lora\": { \"type\": \"string\", \"format\": \"date-time\" }", "date-time")]
    [InlineData("\"required\": [\"lora\"], \"properties\": {", "\"required\": [], \"properties\": {", "none of its fields is required")]
    public void Write_SchemaItCannotTranslate_Fails(string original, string replacement, string expected)
    {
        // Arrange
        Document.Should().Contain(original);
        var json = Document.Replace(original, replacement, StringComparison.Ordinal);
        if (expected == "none of its fields is required")
        {
            // A required block whose fields are all optional could be left out of a body that must have it.
            json = json.Replace("\"required\": [\"prompt\", \"model\"], \"properties\": {\n          \"model\": { \"type\": \"string\", \"enum\": [\"alpha-1\"] }", "\"required\": [\"prompt\", \"model\", \"alphaParams\"], \"properties\": {\n          \"model\": { \"type\": \"string\", \"enum\": [\"alpha-1\"] }", StringComparison.Ordinal);
            json.Should().Contain("\"alphaParams\"]");
        }

        // Act
        var act = () => CatalogWriter.Write(OpenApi.Load(json));

        // Assert
        act.Should().Throw<InvalidDataException>().WithMessage($"*{expected}*");
    }

    [Fact]
    public void Sources_OfTheRepository_NeverReadTheSharedReferenceFolder()
    {
        // Arrange: the build and the tests use the committed generated files, never the document they came from.
        var forbidden = "/work/" + "shared";
        var roots = new[] { "src", "tests", "eng" }.Select(r => Path.Combine(RepositoryRoot.Path, r));

        // Act
        var files = roots
            .SelectMany(r => Directory.GetFiles(r, "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var offenders = files.Where(f => File.ReadAllText(f).Contains(forbidden, StringComparison.Ordinal)).ToList();

        // Assert
        files.Should().Contain(f => f.EndsWith("ApiframeCatalog.g.cs", StringComparison.Ordinal), "the search must reach the generated catalog");
        offenders.Should().BeEmpty();
    }
}
