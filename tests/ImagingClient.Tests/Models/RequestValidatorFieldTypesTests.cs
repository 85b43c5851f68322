using System.Text;
using ImagingClient.Models;

namespace ImagingClient.Tests.Models;

/// <summary>
/// The field facts a schema-derived catalog uses — fractional ranges, allowed numbers, patterns, UUIDs, image lists,
/// spellings of unified values, implied values, uploads of local images — on a made-up provider, so the platform is
/// proven apart from any real one.
/// </summary>
public sealed class RequestValidatorFieldTypesTests
{
    private static readonly RouteSpec Route = new(HttpMethod.Post, "v1/render", ModelInBody: true, RouteMode.Async, ImageShape.UrlStrings);

    private static readonly ModelSpec Render = new()
    {
        Id = "render-1",
        Family = "render",
        Operation = ImageOperationKind.Generate,
        Route = Route,
        Fields =
        [
            new("prompt", FieldType.String) { Unified = UnifiedField.Prompt, Required = true, MinLength = 1 },
            new("guidance", FieldType.Number) { Option = "Guidance", Block = "p", Min = 1.5, Max = 10 },
            new("zoom", FieldType.Number) { Option = "Zoom", Block = "p", AllowedNumbers = [1.5, 2] },
            new("ratio", FieldType.String) { Unified = UnifiedField.AspectRatio, Block = "p", Pattern = @"^1:\d+$" },
            new("format", FieldType.String) { Unified = UnifiedField.OutputFormat, Block = "p", Allowed = FieldSpec.Values("jpg", "png"), UnifiedSpelling = new Dictionary<string, string> { ["jpeg"] = "jpg" } },
            new("lora", FieldType.Uuid) { Option = "Lora", Block = "p" },
            new("refs", FieldType.ImageUrlList) { Unified = UnifiedField.ReferenceImages, Block = "p", MaxLength = 2 },
            new("mode", FieldType.String) { Option = "Mode", Block = "p", Allowed = FieldSpec.Values("fast", "slow"), Required = true, Implied = "fast" },
        ],
    };

    private static readonly ModelSpec Single = Render with
    {
        Id = "single-1",
        Fields = [Render.Fields[0], new("image", FieldType.ImageUrl) { Unified = UnifiedField.ReferenceImages, Block = "p" }],
    };

    private static readonly ModelCatalog Uploading = Catalog(new LocalImagePolicy(16, ["image/png"]) { Uploads = true });

    private static readonly ModelCatalog UrlOnly = Catalog(null);

    [Fact]
    public void WriteJsonBody_EveryFieldType_WritesItsWireForm()
    {
        // Arrange
        var request = new ImageGenerationRequest
        {
            Prompt = "a cat",
            Model = "acme:render-1",
            AspectRatio = new ImageAspectRatio("1:2"),
            OutputFormat = ImageOutputFormat.Jpeg,
            ReferenceImages = [ImageInput.FromUri("https://example.com/a.png"), ImageInput.FromUri("https://example.com/b.png")],
            ProviderOptions = new RenderOptions { Guidance = 1.5, Zoom = 2, Lora = Guid.Parse("0b7c2f64-3a1e-4d5b-9c8a-6e2f1d0a9b34") },
        };

        // Act
        var body = Encoding.UTF8.GetString(RequestValidator.Validate(UrlOnly, request, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw).WriteJsonBody());

        // Assert
        body.Should().Be("""{"model":"render-1","prompt":"a cat","p":{"guidance":1.5,"zoom":2,"ratio":"1:2","format":"jpg","lora":"0b7c2f64-3a1e-4d5b-9c8a-6e2f1d0a9b34","refs":["https://example.com/a.png","https://example.com/b.png"],"mode":"fast"}}""");
    }

    [Theory]
    [InlineData(1.4, null, "Guidance must be between 1.5 and 10")]
    [InlineData(null, 1.75, "Zoom must be one of 1.5, 2")]
    public void Validate_NumberOutsideItsFractionalRangeOrItsList_IsRefusedNamingTheModel(double? guidance, double? zoom, string message)
    {
        // Act
        var act = () => Validate(UrlOnly, new ImageGenerationRequest { Prompt = "a cat", Model = "acme:render-1", ProviderOptions = new RenderOptions { Guidance = guidance, Zoom = zoom } });

        // Assert
        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain(message).And.Contain("'acme:render-1'");
    }

    [Fact]
    public void Validate_PatternUuidAndListSize_AreCheckedBeforeSending()
    {
        // Act
        var ratio = () => Validate(UrlOnly, new ImageGenerationRequest { Prompt = "a cat", Model = "acme:render-1", AspectRatio = new ImageAspectRatio("16:9") });
        var lora = () => Validate(UrlOnly, new ImageGenerationRequest { Prompt = "a cat", Model = "acme:render-1", ProviderOptions = new RenderOptions { LoraText = "not-a-uuid" } });
        var refs = () => Validate(UrlOnly, new ImageGenerationRequest { Prompt = "a cat", Model = "acme:render-1", ReferenceImages = [.. Enumerable.Range(0, 3).Select(i => ImageInput.FromUri($"https://example.com/{i}.png"))] });

        // Assert
        ratio.Should().Throw<ArgumentException>().Which.Message.Should().Contain(@"^1:\d+$").And.Contain("'16:9'");
        lora.Should().Throw<ArgumentException>().Which.Message.Should().Contain("UUID");
        refs.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("at most 2 entries");
    }

    [Fact]
    public void Validate_ReferenceImagesForAModelOfOneImage_TakeExactlyOne()
    {
        // Act
        var one = Validate(UrlOnly, new ImageGenerationRequest { Prompt = "a cat", Model = "acme:single-1", ReferenceImages = [ImageInput.FromUri("https://example.com/a.png")] });
        var two = () => Validate(UrlOnly, new ImageGenerationRequest { Prompt = "a cat", Model = "acme:single-1", ReferenceImages = [ImageInput.FromUri("https://example.com/a.png"), ImageInput.FromUri("https://example.com/b.png")] });

        // Assert
        one["image"].Should().Be("https://example.com/a.png");
        two.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("exactly one image");
    }

    [Fact]
    public void Validate_LocalImage_IsKeptForUploadWhereTheProviderUploads_AndRefusedWhereItTakesUrlsOnly()
    {
        // Arrange
        var png = ImageInput.FromBytes(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D });
        var request = new ImageGenerationRequest { Prompt = "a cat", Model = "acme:render-1", ReferenceImages = [png] };

        // Act
        var kept = Validate(Uploading, request);
        var refused = () => Validate(UrlOnly, request);
        var tooLarge = () => Validate(Uploading, request with { ReferenceImages = [ImageInput.FromBytes(new byte[17])] });
        var notAnImage = () => Validate(Uploading, request with { ReferenceImages = [ImageInput.FromBytes("not an image"u8.ToArray())] });

        // Assert
        kept.LocalImages().Should().ContainSingle().Which.Should().BeSameAs(png);
        Encoding.UTF8.GetString(kept.WriteJsonBody((_, _) => "https://uploads.example.com/1.png")).Should().Contain("\"refs\":[\"https://uploads.example.com/1.png\"]");
        refused.Should().Throw<ArgumentException>().Which.Message.Should().Contain("only as a public URL");
        tooLarge.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("at most 16 bytes");
        notAnImage.Should().Throw<ArgumentException>().Which.Message.Should().Contain("image/png");
    }

    [Fact]
    public void ValidateFields_ARequestThatIsNotAnImageRequest_IsCheckedTheSameWay()
    {
        // Arrange
        var fields = new OptionFields().Add("Zoom", "zoom", 3.0);

        // Act
        var act = () => RequestValidator.ValidateFields(UrlOnly, Render, fields, UnsupportedFieldHandling.Throw);

        // Assert
        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("Zoom must be one of 1.5, 2");
    }

    [Fact]
    public void Validate_InlineImageFieldsSizeAndSpreadLists_WriteWhatTheRouteTakes()
    {
        // Arrange: a route that takes its size as "WxH", a base64-only image, and up to two references as numbered fields.
        var inline = new ModelSpec
        {
            Id = "inline-1",
            Family = "inline",
            Operation = ImageOperationKind.Edit,
            Route = Route,
            Fields =
            [
                Render.Fields[0],
                new("image", FieldType.ImageUrl) { Unified = UnifiedField.Image, Required = true, ImageForms = ImageForms.Base64 },
                new("ref", FieldType.ImageUrlList) { Unified = UnifiedField.ReferenceImages, ImageForms = ImageForms.Url | ImageForms.DataUri, SpreadNames = ["ref", "ref_2"] },
                new("size", FieldType.String) { Unified = UnifiedField.Size, Pattern = @"^\d+x\d+$", MaxPixels = 1_000_000 },
                new("steps", FieldType.Integer) { Option = "Steps", Min = 32, Max = 256, MultipleOf = 32 },
                new("async", FieldType.Boolean),
            ],
        };
        var catalog = new ModelCatalog("acme", "Acme", [inline], new Dictionary<ImageOperationKind, string> { [ImageOperationKind.Edit] = "inline-1" }, static (id, operation) => Render with { Id = id, IsCatalogued = false })
        {
            LocalImages = new LocalImagePolicy(1024, ["image/png"]),
        };
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D };
        var request = new ImageEditRequest { Prompt = "a cat", Model = "acme:inline-1", Image = ImageInput.FromBytes(png), Width = 800, Height = 600 };

        // Act
        var validated = RequestValidator.Validate(catalog, request, ImageOperationKind.Edit, UnsupportedFieldHandling.Throw).With("async", true);
        var body = Encoding.UTF8.GetString(validated.WriteJsonBody((image, field) => LocalImageReader.Inline(png, field)));
        var onlyWidth = () => RequestValidator.Validate(catalog, request with { Height = null }, ImageOperationKind.Edit, UnsupportedFieldHandling.Throw);
        var tooLarge = () => RequestValidator.Validate(catalog, request with { Width = 2000 }, ImageOperationKind.Edit, UnsupportedFieldHandling.Throw);
        var url = () => RequestValidator.Validate(catalog, request with { Image = ImageInput.FromUri("https://example.com/a.png") }, ImageOperationKind.Edit, UnsupportedFieldHandling.Throw);

        // Assert
        body.Should().Be($$"""{"model":"inline-1","prompt":"a cat","image":"{{Convert.ToBase64String(png)}}","size":"800x600","async":true}""");
        onlyWidth.Should().Throw<ArgumentException>().Which.Message.Should().Contain("set both Width and Height");
        tooLarge.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("at most 1000000");
        url.Should().Throw<ArgumentException>().Which.Message.Should().Contain("only inline");
    }

    [Fact]
    public void Validate_FieldThatTakesFewerMediaTypesThanThePolicy_RefusesTheOthersBeforeAndWhenInlined()
    {
        // Arrange: the catalog takes PNG and JPEG, but the mask only PNG.
        var mask = new FieldSpec("mask", FieldType.ImageUrl) { Option = "Mask", ImageForms = ImageForms.Base64, MediaTypes = ["image/png"] };
        var masked = new ModelSpec
        {
            Id = "masked-1",
            Family = "render",
            Operation = ImageOperationKind.Generate,
            Route = Route,
            Fields = [Render.Fields[0], mask, new("ref", FieldType.ImageUrl) { Unified = UnifiedField.ReferenceImages, ImageForms = ImageForms.Base64 }],
        };
        var catalog = new ModelCatalog("acme", "Acme", [masked], new Dictionary<ImageOperationKind, string> { [ImageOperationKind.Generate] = "masked-1" }, static (id, operation) => Render with { Id = id, IsCatalogued = false })
        {
            LocalImages = new LocalImagePolicy(1024, ["image/png", "image/jpeg"]),
        };
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D };
        var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 };
        var request = new ImageGenerationRequest { Prompt = "a cat", Model = "acme:masked-1", ReferenceImages = [ImageInput.FromBytes(jpeg)] };

        // Act
        var jpegReference = RequestValidator.Validate(catalog, request, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);
        var pngMask = RequestValidator.Validate(catalog, request with { ProviderOptions = new MaskOptions { Mask = ImageInput.FromBytes(png) } }, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);
        var jpegMask = () => RequestValidator.Validate(catalog, request with { ProviderOptions = new MaskOptions { Mask = ImageInput.FromBytes(jpeg) } }, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);
        var inlineJpegMask = () => LocalImageReader.Inline(jpeg, mask);

        // Assert
        jpegReference["ref"].Should().BeOfType<ImageInput>();
        LocalImageReader.Inline(png, mask).Should().Be(Convert.ToBase64String(png));
        pngMask["mask"].Should().BeOfType<ImageInput>();
        jpegMask.Should().Throw<ArgumentException>().Which.Message.Should().Contain("looks like image/jpeg").And.Contain("use image/png.");
        inlineJpegMask.Should().Throw<ArgumentException>().Which.Message.Should().Contain("must be image/png");
    }

    private static ValidatedRequest Validate(ModelCatalog catalog, ImageRequest request) =>
        RequestValidator.Validate(catalog, request, ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);

    private static ModelCatalog Catalog(LocalImagePolicy? policy) => new(
        "acme",
        "Acme",
        [Render, Single],
        new Dictionary<ImageOperationKind, string> { [ImageOperationKind.Generate] = "render-1" },
        static (id, operation) => Render with { Id = id, IsCatalogued = false })
    {
        LocalImages = policy,
    };

    private sealed record MaskOptions : ImageProviderOptions
    {
        public override string Provider => "acme";

        public ImageInput? Mask { get; init; }

        internal override void AddFields(OptionFields fields) => fields.Add(nameof(Mask), "mask", Mask);
    }

    private sealed record RenderOptions : ImageProviderOptions
    {
        public override string Provider => "acme";

        public double? Guidance { get; init; }

        public double? Zoom { get; init; }

        public Guid? Lora { get; init; }

        public string? LoraText { get; init; }

        internal override string? Family => "render";

        internal override void AddFields(OptionFields fields) => fields
            .Add(nameof(Guidance), "guidance", Guidance)
            .Add(nameof(Zoom), "zoom", Zoom)
            .Add(nameof(Lora), "lora", (object?)Lora ?? LoraText);
    }
}
