using ImagingClient.Models;
using ImagingClient.Providers.Apiframe;

namespace ImagingClient.Tests.Providers.Apiframe;

/// <summary>The generated catalog states the facts of Apiframe's OpenAPI document (checked here against the values it holds).</summary>
public sealed class ApiframeCatalogTests
{
    private static readonly string[] GenerationFamilies =
    [
        "midjourney", "nanoBanana", "flux", "seedream", "ideogram", "stableDiffusion", "imagen", "dalle", "gptImage",
        "gptImage2", "klingImage", "qwenImage", "qwenImage2", "wanImage", "wanImage27", "grokImagine", "reve", "fluxLora",
    ];

    public static TheoryData<string> AllGenerationIds => [.. ApiframeModels.All];

    [Fact]
    public void GenerateModels_FromTheDocument_Are51In18Families()
    {
        // Arrange
        var models = ApiframeCatalog.GenerateModels;

        // Act
        var families = models.Select(m => m.Family).Distinct().ToList();

        // Assert
        models.Should().HaveCount(51);
        models.Select(m => m.Id).Should().OnlyHaveUniqueItems();
        families.Should().Equal(GenerationFamilies);
        models.Should().OnlyContain(m => m.Operation == ImageOperationKind.Generate && m.IsCatalogued);
    }

    [Fact]
    public void OtherRoutes_FromTheDocument_HoldEditUpscaleBackgroundAndActionSpecs()
    {
        // Arrange, Act
        var edit = ApiframeCatalog.EditModels;
        var upscale = ApiframeCatalog.UpscaleModels;
        var background = ApiframeCatalog.BackgroundRemovalModels;
        var actions = ApiframeCatalog.MidjourneyActions;

        // Assert
        edit.Select(m => (m.Id, m.Family, m.Operation)).Should().Equal(("flux-fill-pro", "fluxFill", ImageOperationKind.Edit));
        upscale.Select(m => (m.Id, m.Family)).Should().Equal(("topaz-image-upscale", "topazUpscale"), ("clarity-upscale", "clarityUpscale"));
        upscale.Should().OnlyContain(m => m.Operation == ImageOperationKind.Upscale);
        background.Select(m => (m.Id, m.Family)).Should().Equal(("bria-bg-remove", "briaBgRemove"), ("851-bg-remove", "lab851BgRemove"));
        background.Should().OnlyContain(m => m.Operation == ImageOperationKind.RemoveBackground);
        actions.Select(m => m.Id).Should().Equal("upsample", "variation", "inpaint", "outpaint", "pan");
        actions.Should().OnlyContain(m => m.Operation == ImageOperationKind.FollowUp && m.Family == "midjourneyAction");
    }

    [Fact]
    public void Routes_OfEverySpec_AreApiframesAsyncPathsWithTheModelInTheBody()
    {
        // Arrange
        var expected = new Dictionary<ImageOperationKind, string>
        {
            [ImageOperationKind.Generate] = "v2/images/generate",
            [ImageOperationKind.Edit] = "v2/images/edit",
            [ImageOperationKind.Upscale] = "v2/images/upscale",
            [ImageOperationKind.RemoveBackground] = "v2/images/background-remove",
            [ImageOperationKind.FollowUp] = "v2/images/midjourney/action",
        };

        // Act
        var models = ApiframeCatalog.Catalog.Models;

        // Assert
        models.Should().HaveCount(51 + 1 + 2 + 2 + 5);
        foreach (var model in models)
        {
            model.Route.Path.Should().Be(expected[model.Operation], model.Id);
            model.Route.Method.Should().Be(HttpMethod.Post);
            model.Route.ModelInBody.Should().BeTrue();
            model.Route.Mode.Should().Be(RouteMode.Async);
            model.Route.Output.Should().Be(ImageShape.UrlOrImageSet);
            model.Route.ModelProperty.Should().Be(model.Operation == ImageOperationKind.FollowUp ? "action" : "model");
            model.UrlLifetime.Should().Be(TimeSpan.FromHours(24));
        }
    }

    [Theory]
    [MemberData(nameof(AllGenerationIds))]
    public void Resolve_EveryGenerationId_FindsItsCataloguedSpec(string qualifiedId)
    {
        // Arrange
        var id = qualifiedId["apiframe:".Length..];

        // Act
        var model = ApiframeCatalog.Catalog.Resolve(qualifiedId, ImageOperationKind.Generate);

        // Assert
        qualifiedId.Should().StartWith("apiframe:");
        model.Id.Should().Be(id);
        model.IsCatalogued.Should().BeTrue();
        model.Operation.Should().Be(ImageOperationKind.Generate);
    }

    [Fact]
    public void ModelIds_Constants_AreQualifiedIdsOfTheCatalog()
    {
        // Arrange, Act
        var generation = ApiframeCatalog.GenerateModels.Select(m => $"apiframe:{m.Id}");

        // Assert
        ApiframeModels.All.Should().Equal(generation);
        ApiframeModels.ProviderName.Should().Be("apiframe");
        ApiframeModels.Midjourney.Should().Be("apiframe:midjourney");
        ApiframeModels.Flux2Pro.Should().Be("apiframe:flux-2-pro");
        ApiframeModels.Seedream45.Should().Be("apiframe:seedream-4.5");
        ApiframeModels.Flux11ProUltra.Should().Be("apiframe:flux-1.1-pro-ultra");
        ApiframeModels.DallE3.Should().Be("apiframe:dall-e-3");
        ApiframeModels.FluxFillPro.Should().Be("apiframe:flux-fill-pro");
        ApiframeCatalog.Catalog.Resolve(ApiframeModels.FluxFillPro, ImageOperationKind.Edit).Id.Should().Be("flux-fill-pro");
    }

    [Fact]
    public void Resolve_NoModel_UsesFlux2ProAndFluxFillPro()
    {
        // Arrange
        var catalog = ApiframeCatalog.Catalog;

        // Act
        var generate = catalog.Resolve(null, ImageOperationKind.Generate);
        var edit = catalog.Resolve(null, ImageOperationKind.Edit);

        // Assert
        generate.Id.Should().Be("flux-2-pro");
        edit.Id.Should().Be("flux-fill-pro");
        catalog.Provider.Should().Be("apiframe");
        catalog.DisplayName.Should().Be("Apiframe");
        catalog.LocalImages!.MaxBytes.Should().Be(25 * 1024 * 1024);
        catalog.LocalImages.MediaTypes.Should().Equal("image/png", "image/jpeg", "image/webp", "image/gif");
    }

    [Fact]
    public void Resolve_UnknownId_PassesThroughPromptWebhooksAndKeyOnly()
    {
        // Arrange
        var catalog = ApiframeCatalog.Catalog;

        // Act
        var model = catalog.Resolve("apiframe:brand-new-model", ImageOperationKind.Generate);

        // Assert
        model.IsCatalogued.Should().BeFalse();
        model.Id.Should().Be("brand-new-model");
        model.Route.Path.Should().Be("v2/images/generate");
        model.Fields.Select(f => f.WireName).Should().Equal("prompt", "webhookEvents", "webhookUrl", "Idempotency-Key");
        model.Field(UnifiedField.Prompt)!.MaxLength.Should().BeNull("the unknown model's prompt limit is not known");
    }

    [Fact]
    public void Fields_OfEveryCreatingRoute_HaveTheIdempotencyHeaderAndWebhookFields()
    {
        // Arrange, Act
        var models = ApiframeCatalog.Catalog.Models;

        // Assert
        foreach (var model in models)
        {
            var key = model.Field("Idempotency-Key");
            key.Should().NotBeNull(model.Id);
            key!.Location.Should().Be(FieldLocation.Header);
            key.Unified.Should().Be(UnifiedField.IdempotencyKey);
            key.MaxLength.Should().Be(255);
            key.Type.Should().Be(FieldType.String);

            var events = model.Field("webhookEvents")!;
            events.Type.Should().Be(FieldType.StringList);
            events.Allowed.Should().BeEquivalentTo(["progress", "completed", "failed"]);
            events.MinLength.Should().Be(1);
            events.Option.Should().Be("WebhookEvents");
            events.Block.Should().BeNull();

            var webhook = model.Field("webhookUrl")!;
            webhook.Type.Should().Be(FieldType.Url);
            webhook.Unified.Should().Be(UnifiedField.WebhookUrl);
        }
    }

    [Fact]
    public void Prompt_OfGenerationModels_Is1To2000CharactersExceptWan27At5000()
    {
        // Arrange, Act
        var prompts = ApiframeCatalog.GenerateModels.ToDictionary(m => m.Id, m => m.Field("prompt")!);

        // Assert
        prompts.Values.Should().OnlyContain(p => p.Required && p.MinLength == 1 && p.Unified == UnifiedField.Prompt && p.Block == null);
        prompts.Where(p => p.Value.MaxLength == 5000).Select(p => p.Key).Should().BeEquivalentTo("wan-image-2.7", "wan-image-2.7-pro");
        prompts.Where(p => p.Value.MaxLength != 5000).Should().OnlyContain(p => p.Value.MaxLength == 2000);
        ApiframeCatalog.EditModels[0].Field("prompt")!.Block.Should().Be("fluxFillParams", "the edit route has no top-level prompt");
    }

    [Fact]
    public void BlockFields_OfEveryModel_SitInTheFamilysBlockAndHaveAnOption()
    {
        // Arrange
        var models = ApiframeCatalog.Catalog.Models.Where(m => m.Operation != ImageOperationKind.FollowUp);

        // Act
        var blockFields = models.SelectMany(m => m.Fields.Where(f => f.Block is not null).Select(f => (Model: m, Field: f))).ToList();

        // Assert
        blockFields.Should().HaveCountGreaterThan(200);
        blockFields.Should().OnlyContain(x => x.Field.Block == x.Model.Family + "Params");
        blockFields.Where(x => x.Field.Option is null).Select(x => $"{x.Model.Id}.{x.Field.WireName}")
            .Should().BeEquivalentTo(["flux-fill-pro.image", "flux-fill-pro.prompt"], "only the edit's prompt and image come from the request alone");
        ApiframeCatalog.MidjourneyActions.SelectMany(m => m.Fields).Should().OnlyContain(f => f.Block == null);
    }

    [Fact]
    public void FluxFields_StateTheSchemaRanges_AndTheResolutionDiffersByVariant()
    {
        // Arrange
        var flux2Pro = Model("flux-2-pro");
        var flux11Pro = Model("flux-1.1-pro");

        // Act
        var steps = flux2Pro.Field("steps")!;
        var guidance = flux2Pro.Field("guidance")!;

        // Assert
        (steps.Type, steps.Min, steps.Max, steps.Option, steps.Block).Should().Be((FieldType.Integer, 1d, 50d, "Steps", "fluxParams"));
        (guidance.Type, guidance.Min, guidance.Max).Should().Be((FieldType.Number, 1.5, 10d));
        flux2Pro.Field("resolution")!.Allowed.Should().BeEquivalentTo(["0.5MP", "1MP", "2MP", "4MP", "match_input_image"]);
        flux11Pro.Field("resolution")!.Allowed.Should().BeNull("flux-1.1-pro's resolution is a free string");
        Model("flux-2-flex").Fields.Should().BeSameAs(flux2Pro.Fields, "identical blocks share one field list");
        Model("flux-2-dev").Fields.Should().BeSameAs(flux11Pro.Fields);
        flux2Pro.Field("aspect_ratio")!.Pattern.Should().Be(@"^\d+:\d+$");
        flux2Pro.Field("input_images")!.Should().Match<FieldSpec>(f => f.Type == FieldType.ImageUrlList && f.MaxLength == 10 && f.Unified == UnifiedField.ReferenceImages);
        flux2Pro.Field("image_prompt")!.Type.Should().Be(FieldType.ImageUrl);
        flux2Pro.Field("output_format")!.UnifiedSpelling.Should().Contain("jpeg", "jpg");
    }

    [Fact]
    public void Fields_OfOtherFamilies_StateTheSchemaFacts()
    {
        // Arrange
        var gpt = Model("gpt-image-1.5");
        var kling = Model("kling-image");
        var wan = Model("wan-image-2.6");

        // Act
        var count = gpt.Field("number_of_images")!;

        // Assert
        (count.Min, count.Max, count.Unified, count.Option).Should().Be((1d, 10d, UnifiedField.Count, "NumberOfImages"));
        gpt.Field("input_images")!.Type.Should().Be(FieldType.ImageUrlList, "an [array, null] of URIs is an image list");
        gpt.Field("output_format")!.UnifiedSpelling.Should().BeNull("gpt-image spells jpeg as jpeg");
        kling.Field("n")!.Should().Match<FieldSpec>(f => f.Unified == UnifiedField.Count && f.Option == "NumberOfImages" && f.Max == 4);
        kling.Field("image")!.Unified.Should().Be(UnifiedField.ReferenceImages);
        kling.Field("negative_prompt")!.MaxLength.Should().Be(2500);
        wan.Field("seed")!.Should().Match<FieldSpec>(f => f.Min == 0 && f.Max == int.MaxValue && f.Unified == UnifiedField.Seed);
        Model("nano-banana").Field("image_input")!.Should().Match<FieldSpec>(f => f.Option == "ImageInputs" && f.MaxLength == 14);
        Model("stable-diffusion-3").Field("aspect_ratio")!.Allowed.Should().HaveCount(9);
        Model("midjourney").Fields.Where(f => f.Block is not null).Select(f => f.WireName).Should().Equal("aspect_ratio");
    }

    [Fact]
    public void RequiredBlocks_OfIdeogramCharacterAndFluxLora_HaveARequiredField()
    {
        // Arrange, Act
        var character = Model("ideogram-character").Field("character_reference_image")!;
        var otherIdeogram = Model("ideogram-v3-turbo").Field("character_reference_image")!;
        var lora = Model("flux-lora").Field("loraId")!;

        // Assert
        character.Required.Should().BeTrue();
        character.Option.Should().Be("CharacterReferenceImage");
        otherIdeogram.Required.Should().BeFalse();
        (lora.Type, lora.Required, lora.Option, lora.Block).Should().Be((FieldType.Uuid, true, "LoraId", "fluxLoraParams"));
    }

    [Fact]
    public void EditAndTaskSpecs_StateTheirFields()
    {
        // Arrange
        var edit = ApiframeCatalog.EditModels[0];
        var topaz = ApiframeCatalog.Spec(ImageOperationKind.Upscale, "topaz-image-upscale");
        var outpaint = ApiframeCatalog.Spec(ImageOperationKind.FollowUp, "outpaint");
        var upsample = ApiframeCatalog.Spec(ImageOperationKind.FollowUp, "UPSAMPLE");

        // Act
        var mode = edit.Field("mode")!;

        // Assert
        (mode.Required, mode.Implied).Should().Be((true, (object)"inpaint"));
        edit.Field("image")!.Should().Match<FieldSpec>(f => f.Unified == UnifiedField.Image && f.Required && f.Block == "fluxFillParams");
        edit.Field("prompt")!.Unified.Should().Be(UnifiedField.Prompt);
        topaz.Field("upscale_factor")!.Should().Match<FieldSpec>(f => f.Type == FieldType.Integer && f.AllowedNumbers!.SequenceEqual(new[] { 1d, 2d, 4d, 6d }));
        topaz.Field("image")!.Required.Should().BeTrue();
        outpaint.Field("zoomRatio")!.Should().Match<FieldSpec>(f => f.Type == FieldType.Number && f.AllowedNumbers!.SequenceEqual(new[] { 1.5, 2d }) && f.Required);
        upsample.Field("index")!.AllowedNumbers.Should().Equal(1d, 2d, 3d, 4d);
        upsample.Field("parentJobId")!.Should().Match<FieldSpec>(f => f.Type == FieldType.Uuid && f.Required);
        ApiframeCatalog.Spec(ImageOperationKind.RemoveBackground, "851-bg-remove").Field("format")!.Unified.Should().Be(UnifiedField.None, "851's format stays an option");
        var act = () => ApiframeCatalog.Spec(ImageOperationKind.Upscale, "flux-2-pro");
        act.Should().Throw<ArgumentException>().WithMessage("*topaz-image-upscale, clarity-upscale*");
    }

    private static ModelSpec Model(string id) => ApiframeCatalog.Catalog.Find(id, ImageOperationKind.Generate) ?? throw new InvalidOperationException(id);
}
