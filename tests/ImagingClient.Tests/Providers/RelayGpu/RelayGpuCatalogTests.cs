using ImagingClient.Models;
using ImagingClient.Providers.RelayGpu;

namespace ImagingClient.Tests.Providers.RelayGpu;

/// <summary>RelayGPU's model ids, aliases, defaults, routes and the ids the catalog does not list.</summary>
public sealed class RelayGpuCatalogTests
{
    private static readonly string[] EditOnly = [RelayGpuModels.GptImage15I2I, RelayGpuModels.QwenImageEdit];

    public static TheoryData<string> ModelIds => [.. RelayGpuModels.All];

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void Resolve_EveryModelId_FindsItsCataloguedSpecSpelledExactly(string id)
    {
        // Arrange
        var operation = EditOnly.Contains(id) ? ImageOperationKind.Edit : ImageOperationKind.Generate;

        // Act
        var spec = RelayGpuCatalog.Catalog.Resolve(id, operation);

        // Assert
        spec.IsCatalogued.Should().BeTrue();
        $"relaygpu:{spec.Id}".Should().Be(id);
        spec.Route.Path.Should().NotBeEmpty();
        spec.Route.Mode.Should().Be(RouteMode.Sync);
    }

    [Fact]
    public void All_ListsEveryIdConstantOnce()
    {
        // Arrange
        var constants = typeof(RelayGpuModels).GetFields()
            .Where(f => f.IsLiteral && f.Name != nameof(RelayGpuModels.ProviderName))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        // Act
        var all = RelayGpuModels.All;

        // Assert
        all.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(constants);
        all.Should().HaveCount(14).And.OnlyContain(id => id.StartsWith("relaygpu:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(RelayGpuModels.GptImage2)]
    [InlineData(RelayGpuModels.GptImage25Sunburst)]
    [InlineData(RelayGpuModels.GptImage25Flare)]
    public void Resolve_GptImage2Models_GenerateAndEditOnTheirOneRoute(string id)
    {
        // Act
        var generate = RelayGpuCatalog.Catalog.Resolve(id, ImageOperationKind.Generate);
        var edit = RelayGpuCatalog.Catalog.Resolve(id, ImageOperationKind.Edit);

        // Assert
        generate.Route.Should().BeSameAs(edit.Route);
        generate.Route.Path.Should().Be("v2/image/gpt-image-2/generate");
        generate.Field(UnifiedField.ReferenceImages)!.WireName.Should().Be("image");
        edit.Field(UnifiedField.Image)!.WireName.Should().Be("image");
        generate.Field("mask").Should().BeNull();
        edit.Field("mask").Should().NotBeNull();
    }

    [Theory]
    [InlineData("flux-2-pro", ImageOperationKind.Generate, "black-forest-labs/FLUX-2-pro")]
    [InlineData("relaygpu:qwen-image", ImageOperationKind.Generate, "Qwen/qwen-image")]
    [InlineData("qwen-image-edit", ImageOperationKind.Edit, "Qwen/qwen-image-edit")]
    [InlineData("gemini-3-pro-image", ImageOperationKind.Generate, "google/gemini-3-pro-image")]
    [InlineData("gemini-2.5-flash-image", ImageOperationKind.Generate, "google/gemini-2.5-flash-image")]
    [InlineData("gpt-image-1.5", ImageOperationKind.Generate, "openai/gpt-image-1.5-T2I")]
    [InlineData("gpt-image-1.5", ImageOperationKind.Edit, "openai/gpt-image-1.5-I2I")]
    [InlineData("gpt-image-2", ImageOperationKind.Edit, "openai/gpt-image-2")]
    [InlineData("seedream-5-0-pro", ImageOperationKind.Generate, "ByteDance/doubao-seedream-5-0-pro-260628")]
    [InlineData("wan-2-7-image-pro", ImageOperationKind.Generate, "Wan-AI/Wan2.7-Image-Pro")]
    [InlineData("relaygpu:qwen/QWEN-IMAGE", ImageOperationKind.Generate, "Qwen/qwen-image")]
    public void Resolve_ShortAliasOrOtherCase_FindsTheModelUnderRelayGpusSpelling(string requested, ImageOperationKind operation, string id)
    {
        // Act
        var spec = RelayGpuCatalog.Catalog.Resolve(requested, operation);

        // Assert
        spec.Id.Should().Be(id);
    }

    [Fact]
    public void Resolve_NoModel_UsesQwenForGeneratingAndQwenEditForEditing()
    {
        // Act
        var generate = RelayGpuCatalog.Catalog.Resolve(null, ImageOperationKind.Generate);
        var edit = RelayGpuCatalog.Catalog.Resolve(null, ImageOperationKind.Edit);

        // Assert
        generate.Id.Should().Be("Qwen/qwen-image");
        edit.Id.Should().Be("Qwen/qwen-image-edit");
    }

    [Fact]
    public void Resolve_EditModelWhenGenerating_SaysToCallEditAsync()
    {
        // Act
        var act = () => RelayGpuCatalog.Catalog.Resolve(RelayGpuModels.GptImage15I2I, ImageOperationKind.Generate);

        // Assert
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("is an edit model: call EditAsync");
    }

    [Fact]
    public void Routes_BaseAndUrlFamilies_AreTold_AndOnlyTheGptImageAndStableDiffusionRoutesLeaveTheModelOut()
    {
        // Arrange
        var routes = RelayGpuCatalog.Routes;

        // Act
        var withoutModel = routes.Where(r => !r.ModelInBody).Select(r => r.Path).ToList();
        var urlModels = RelayGpuCatalog.Catalog.Models.Where(RelayGpuCatalog.IsUrlRoute).Select(m => m.Id).ToList();

        // Assert
        routes.Select(r => r.Path).Should().OnlyHaveUniqueItems().And.HaveCount(10);
        routes.Should().OnlyContain(r => r.Method == HttpMethod.Post && r.Mode == RouteMode.Sync && !r.Path.StartsWith('/'));
        withoutModel.Should().BeEquivalentTo("v2/image/gpt-image/generate", "v2/image/gpt-image/edit", "v2/automatic1111/sdapi/v1/txt2img");
        urlModels.Should().BeEquivalentTo("Qwen/qwen-image", "Qwen/qwen-image-edit", "ByteDance/doubao-seedream-5-0-pro-260628", "Wan-AI/Wan2.7-Image-Pro");
        RelayGpuCatalog.Catalog.Models.Where(m => !RelayGpuCatalog.IsUrlRoute(m)).Should().OnlyContain(m => m.Route.Output == ImageShape.Base64Strings && m.UrlLifetime == null);
        RelayGpuCatalog.Catalog.Models.Where(RelayGpuCatalog.IsUrlRoute).Should().OnlyContain(m => m.UrlLifetime == TimeSpan.FromHours(1));
        RelayGpuCatalog.Catalog.Models.Should().OnlyContain(m => routes.Contains(m.Route));
    }

    [Fact]
    public void Models_SharedFields_AreOnEveryImageRoute_StoreOutputOnlyWhereUrlsComeBack_AndNoneOnStableDiffusion()
    {
        foreach (var model in RelayGpuCatalog.Catalog.Models)
        {
            // Act
            var names = model.Fields.Select(f => f.WireName).ToList();

            // Assert
            if (model.Family == "automatic1111")
            {
                names.Should().Equal("prompt", "negative_prompt", "model", "steps", "width", "height", "cfg_scale");
                continue;
            }

            names.Should().Contain(["prompt", "mode", "async", "webhook_url", "Idempotency-Key"], model.Id);
            names.Contains("store_output").Should().Be(RelayGpuCatalog.IsUrlRoute(model), "{0} takes store_output only if it answers URLs", model.Id);
            model.Field("async")!.Option.Should().BeNull("the client sets async");
            model.Field("Idempotency-Key")!.Location.Should().Be(FieldLocation.Header);
            model.Field("prompt")!.MaxLength.Should().Be(model.Family.StartsWith("gpt-image", StringComparison.Ordinal) ? 32_000 : null, model.Id);
        }
    }

    [Theory]
    [InlineData(null, 1.0 / 24)]
    [InlineData("provider", 1.0 / 24)]
    [InlineData("relay1d", 1)]
    [InlineData("relay7d", 7)]
    [InlineData("relay30d", 30)]
    public void ResultLifetime_StoreOutput_IsAnHourOrThePeriodItBuys(string? storeOutput, double days)
    {
        // Act
        var lifetime = RelayGpuCatalog.ResultLifetime(storeOutput);

        // Assert
        lifetime.TotalDays.Should().BeApproximately(days, 1e-9);
    }

    [Fact]
    public void Resolve_UnknownId_GivesAnUncataloguedSpecOnARouteWithNoPath()
    {
        // Act
        var generate = RelayGpuCatalog.Catalog.Resolve("relaygpu:acme/new-image-model", ImageOperationKind.Generate);
        var edit = RelayGpuCatalog.Catalog.Resolve("acme/new-image-model", ImageOperationKind.Edit);
        var validated = RelayGpuSamples.Validate(RelayGpuSamples.Generate("relaygpu:acme/new-image-model"));

        // Assert
        generate.IsCatalogued.Should().BeFalse();
        generate.Id.Should().Be("acme/new-image-model");
        generate.Route.Path.Should().BeEmpty();
        generate.Family.Should().Be("unknown");
        edit.IsCatalogued.Should().BeFalse();
        edit.Route.Path.Should().BeEmpty();
        edit.Field(UnifiedField.Image).Should().NotBeNull();
        validated.Warnings.Should().ContainSingle().Which.Should().Contain("not in ImagingClient's RelayGPU catalog");
    }

    [Fact]
    public void Automatic1111Checkpoint_FileName_IsTheQualifiedIdOfTheStableDiffusionRoute()
    {
        // Act
        var id = RelayGpuModels.Automatic1111Checkpoint("illustriousRealismBy_v10VAE.safetensors");

        // Assert
        id.Should().Be("relaygpu:automatic1111/illustriousRealismBy_v10VAE.safetensors");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" model.safetensors")]
    [InlineData("model\n.safetensors")]
    public void Automatic1111Checkpoint_BlankPaddedOrControlCharacters_IsRefused(string checkpoint)
    {
        // Act
        var act = () => RelayGpuModels.Automatic1111Checkpoint(checkpoint);
        var resolve = () => RelayGpuCatalog.Catalog.Resolve("relaygpu:automatic1111/" + checkpoint, ImageOperationKind.Generate);

        // Assert
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("checkpoint");
        resolve.Should().Throw<ArgumentException>().Which.Message.Should().Contain("checkpoint");
    }

    [Fact]
    public void Resolve_Automatic1111CheckpointId_IsCataloguedAndSendsTheCheckpointAsModel()
    {
        // Arrange
        var id = RelayGpuModels.Automatic1111Checkpoint("stable-diffusion-v1-5-pruned.safetensors");

        // Act
        var spec = RelayGpuCatalog.Catalog.Resolve(id, ImageOperationKind.Generate);
        var validated = RelayGpuSamples.Validate(RelayGpuSamples.Generate(id));
        var body = RelayGpuSamples.Body(validated);

        // Assert
        spec.IsCatalogued.Should().BeTrue();
        spec.Route.Path.Should().Be("v2/automatic1111/sdapi/v1/txt2img");
        spec.Family.Should().Be("automatic1111");
        validated.Warnings.Should().BeEmpty();
        RelayGpuSamples.Keys(body).Should().Equal("prompt", "model");
        body.GetProperty("model").GetString().Should().Be("stable-diffusion-v1-5-pruned.safetensors");
    }

    [Fact]
    public void Validate_Automatic1111CheckpointIdAndACheckpointOption_MayOnlyAgree()
    {
        // Arrange
        var id = RelayGpuModels.Automatic1111Checkpoint("Realistic_Vision_V5.1.safetensors");

        // Act
        var same = RelayGpuSamples.Validate(RelayGpuSamples.Generate(id, new RelayGpuAutomatic1111Options { Checkpoint = "Realistic_Vision_V5.1.safetensors" }));
        var other = () => RelayGpuSamples.Validate(RelayGpuSamples.Generate(id, new RelayGpuAutomatic1111Options { Checkpoint = "other.safetensors" }));

        // Assert
        same["model"].Should().Be("Realistic_Vision_V5.1.safetensors");
        other.Should().Throw<ArgumentException>().Which.Message.Should().Contain("'other.safetensors'").And.Contain("Realistic_Vision_V5.1.safetensors");
    }

    [Fact]
    public void Validate_BareAutomatic1111_SendsACheckpointOnlyWhenTheOptionSetsOne()
    {
        // Act
        var plain = RelayGpuSamples.Body(RelayGpuSamples.Validate(RelayGpuSamples.Generate(RelayGpuModels.Automatic1111)));
        var chosen = RelayGpuSamples.Body(RelayGpuSamples.Validate(RelayGpuSamples.Generate(RelayGpuModels.Automatic1111, new RelayGpuAutomatic1111Options { Checkpoint = "mine.safetensors" })));

        // Assert
        RelayGpuSamples.Keys(plain).Should().Equal("prompt");
        chosen.GetProperty("model").GetString().Should().Be("mine.safetensors");
    }

    [Fact]
    public void Resolve_Automatic1111CheckpointIdForAnEdit_SaysItIsAGenerationModel()
    {
        // Act
        var act = () => RelayGpuCatalog.Catalog.Resolve(RelayGpuModels.Automatic1111Checkpoint("a.safetensors"), ImageOperationKind.Edit);
        var bare = () => RelayGpuCatalog.Catalog.Resolve(RelayGpuModels.Automatic1111, ImageOperationKind.Edit);

        // Assert
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("call GenerateAsync");
        bare.Should().Throw<ArgumentException>().Which.Message.Should().Contain("call GenerateAsync");
    }

    [Fact]
    public void Catalog_LocalImages_AreTakenInlineUpTo20MegabytesWithoutUploads()
    {
        // Act
        var policy = RelayGpuCatalog.Catalog.LocalImages;

        // Assert
        policy.Should().NotBeNull();
        policy!.MaxBytes.Should().Be(20 * 1024 * 1024);
        policy.Uploads.Should().BeFalse();
        policy.MediaTypes.Should().BeEquivalentTo("image/png", "image/jpeg", "image/webp", "image/gif");
        RelayGpuCatalog.Catalog.Provider.Should().Be("relaygpu");
        RelayGpuCatalog.Catalog.DisplayName.Should().Be("RelayGPU");
    }
}
