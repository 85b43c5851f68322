using ImagingClient.Models;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Models;

public sealed class ImageModelCatalogTests
{
    [Fact]
    public void GetModels_ForEveryProvider_ListsEachCatalogModelWithItsFields()
    {
        // Act
        var models = ImageModelCatalog.GetModels();

        // Assert
        models.Select(m => m.Provider).Distinct().Should().BeEquivalentTo(ImageModelCatalog.Providers);
        models.Should().OnlyContain(m => m.Fields.Any(f => f.UnifiedField == nameof(ImageRequest.Prompt)) || m.Operation != ImageOperationKind.Generate);
        models.Count(m => m.Provider == KieModels.ProviderName).Should().Be(4);
    }

    [Fact]
    public void GetModels_ForKie_DescribesEachFieldAsTheValidatorChecksIt()
    {
        // Act
        var pro = ImageModelCatalog.GetModels("KIE").Single(m => m.QualifiedId == KieModels.FluxKontextPro && m.Operation == ImageOperationKind.Generate);

        // Assert
        pro.IsDefault.Should().BeTrue();
        pro.Field("safetyTolerance").Should().BeEquivalentTo(new { Type = ImageModelFieldType.WholeNumber, Minimum = 0d, Maximum = 6d, Default = (object)2L, UnifiedField = (string?)null });
        pro.Field("aspectRatio")!.AllowedValues.Should().Contain("16:9").And.Contain("1:1");
        pro.Field("aspectRatio")!.UnifiedField.Should().Be(nameof(ImageRequest.AspectRatio));
        pro.Field("PROMPTUPSAMPLING")!.Type.Should().Be(ImageModelFieldType.Boolean, "a field is found ignoring case");
        pro.Field("prompt")!.Required.Should().BeTrue();
    }

    [Fact]
    public void FindModel_ByAliasOrOtherOperation_FindsTheCatalogEntryOrNull()
    {
        // Act
        var edit = ImageModelCatalog.FindModel("kie:FLUX-KONTEXT-MAX", ImageOperationKind.Edit);
        var unknown = ImageModelCatalog.FindModel("kie:flux-kontext-ultra", ImageOperationKind.Generate);

        // Assert
        edit!.Id.Should().Be("flux-kontext-max");
        edit.Fields.Should().Contain(f => f.UnifiedField == nameof(ImageEditRequest.Image));
        unknown.Should().BeNull("an id the catalog does not list is passed through unchecked");
    }

    [Theory]
    [InlineData("flux-kontext-pro")]
    [InlineData("nobody:model")]
    public void FindModel_WithoutAKnownProvider_Throws(string model)
    {
        // Act
        var act = () => ImageModelCatalog.FindModel(model, ImageOperationKind.Generate);

        // Assert
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void GetModels_ForAnUnknownProvider_NamesTheProviders()
    {
        // Act
        var act = () => ImageModelCatalog.GetModels("nobody");

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*'nobody'*kie*");
    }

    [Fact]
    public async Task ImageProviderFields_ByWireName_AreSentAsTypedOptionsWouldBe()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        var submit = mock.Expect(HttpMethod.Post, "https://api.kie.ai/api/v1/flux/kontext/generate")
            .WithPartialContent("\"promptUpsampling\":true")
            .WithPartialContent("\"safetyTolerance\":3")
            .Respond("application/json", """{"code":200,"msg":"success","data":{"taskId":"task-1"}}""");
        using var client = TestClients.Kie(mock);

        // Act
        var job = await client.StartGenerateAsync(new ImageGenerationRequest
        {
            Prompt = "a paper boat",
            Model = KieModels.FluxKontextPro,
            ProviderOptions = new ImageProviderFields("kie", new Dictionary<string, object> { ["promptUpsampling"] = true, ["safetyTolerance"] = 3 }),
        });

        // Assert
        job.Id.Should().Be("task-1");
        mock.GetMatchCount(submit).Should().Be(1);
    }

    [Theory]
    [InlineData("nope", true, "*kie:flux-kontext-pro*Fields[\"nope\"]*")]
    [InlineData("safetyTolerance", 9, "*between 0 and 6*")]
    [InlineData("promptUpsampling", "yes", "*true or false*")]
    [InlineData("aspectRatio", 16, "*must be a string*")]
    public async Task ImageProviderFields_WithAnUnknownNameOrAWrongValue_ThrowBeforeSending(string name, object value, string message)
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        using var client = TestClients.Kie(mock);

        // Act
        var act = () => client.StartGenerateAsync(new ImageGenerationRequest
        {
            Prompt = "a paper boat",
            Model = KieModels.FluxKontextPro,
            ProviderOptions = new ImageProviderFields("kie", new Dictionary<string, object> { [name] = value }),
        });

        // Assert
        await act.Should().ThrowAsync<ArgumentException>().WithMessage(message);
        mock.GetMatchCount(mock.When("*")).Should().Be(0);
    }

    [Fact]
    public async Task ImageProviderFields_ForAnotherProvider_AreRefused()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        using var client = TestClients.Kie(mock);

        // Act
        var act = () => client.StartGenerateAsync(new ImageGenerationRequest
        {
            Prompt = "a paper boat",
            Model = KieModels.FluxKontextPro,
            ProviderOptions = new ImageProviderFields("apiframe", new Dictionary<string, object> { ["seed"] = 1 }),
        });

        // Assert
        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*'apiframe'*runs on 'kie'*");
    }
}
