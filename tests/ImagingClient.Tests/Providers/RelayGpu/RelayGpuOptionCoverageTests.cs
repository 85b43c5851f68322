using ImagingClient.Models;
using ImagingClient.Providers.RelayGpu;
using static ImagingClient.Tests.Providers.RelayGpu.RelayGpuSamples;

namespace ImagingClient.Tests.Providers.RelayGpu;

/// <summary>
/// Every option the catalog lists for a family has a property on that family's record (or the base record), and each
/// property sends exactly the wire name the catalog lists for it: a field added to the catalog without its property,
/// or a property that sends a misspelt name, fails here.
/// </summary>
public sealed class RelayGpuOptionCoverageTests
{
    private static readonly string[] BaseProperties = [nameof(RelayGpuImageOptions.Mode), nameof(RelayGpuImageOptions.StoreOutput), nameof(RelayGpuImageOptions.RunAsynchronously)];

    public static TheoryData<string> Families => [.. RelayGpuCatalog.Catalog.Models.Select(m => m.Family).Distinct()];

    public static TheoryData<string, ImageOperationKind> CataloguedModels
    {
        get
        {
            var data = new TheoryData<string, ImageOperationKind>();
            foreach (var model in RelayGpuCatalog.Catalog.Models)
            {
                data.Add(model.Id, model.Operation);
            }

            return data;
        }
    }

    [Fact]
    public void Records_FoundByReflection_AreOnePerFamilyAndTheFamilyFreeOne()
    {
        // Arrange
        var families = RelayGpuCatalog.Catalog.Models.Select(m => m.Family).Distinct().ToList();

        // Act
        var records = RecordTypes;

        // Assert
        families.Should().BeEquivalentTo("flux", "gemini-3", "gpt-image", "gpt-image-2", "qwen", "seedream-5-0-pro", "wan-2-7-image-pro", "automatic1111");
        RecordsByFamily.Keys.Should().BeEquivalentTo(families);
        records.Should().HaveCount(9);
        records.Where(t => New(t).Family is null).Should().Equal(typeof(RelayGpuOptions));
        records.Should().OnlyContain(t => t.IsSealed && t.IsPublic && New(t).Provider == "relaygpu");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Record_OfEachFamily_HasAPropertyForEveryOptionTheFamilyLists(string family)
    {
        // Arrange
        var options = Options(family).Keys.ToList();

        // Act
        var properties = Properties(RecordsByFamily[family]).Select(p => p.Name).Except([nameof(RelayGpuImageOptions.RunAsynchronously)]).ToList();

        // Assert
        var expected = options.Union(BaseProperties.Take(2)).ToList();
        properties.Should().BeEquivalentTo(expected, "the record of '{0}' has one property per option of the family, and the base's Mode and StoreOutput", family);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void AddFields_EachPropertySetAlone_EmitsExactlyTheWireNameTheCatalogLists(string family)
    {
        // Arrange
        var type = RecordsByFamily[family];
        var options = AllOptions();
        var checkedCount = 0;

        foreach (var property in Properties(type).Where(p => p.Name != nameof(RelayGpuImageOptions.RunAsynchronously)))
        {
            var record = New(type);
            var value = AnyValue(property.PropertyType);
            property.SetValue(record, value);
            var fields = new OptionFields();

            // Act
            record.AddFields(fields);

            // Assert
            var sent = fields.Values.Should().ContainSingle("{0}.{1} sets one field", type.Name, property.Name).Which;
            sent.Property.Should().Be(property.Name);
            var listed = property.DeclaringType == typeof(RelayGpuImageOptions) ? options[property.Name] : Options(family)[property.Name];
            sent.WireName.Should().Be(listed, "{0}.{1} sends what the catalog lists", type.Name, property.Name);
            sent.Value.Should().Be(value is int i ? (long)i : value);
            checkedCount++;
        }

        checkedCount.Should().BeGreaterThan(2);
    }

    [Fact]
    public void AddFields_RunAsynchronously_IsNotAWireField()
    {
        foreach (var type in RecordTypes)
        {
            // Arrange
            var record = New(type) with { RunAsynchronously = true };
            var fields = new OptionFields();

            // Act
            record.AddFields(fields);

            // Assert
            fields.Values.Should().BeEmpty("{0}.RunAsynchronously only tells the client how to call", type.Name);
            record.RunAsynchronously.Should().BeTrue();
        }
    }

    [Theory]
    [MemberData(nameof(CataloguedModels))]
    public void Validate_EveryOptionTheModelTakesSet_SendsEachUnderItsWireName(string id, ImageOperationKind operation)
    {
        // Arrange
        var model = RelayGpuCatalog.Catalog.Find(id, operation)!;
        var type = RecordsByFamily[model.Family];
        var record = New(type);
        var set = new List<FieldSpec>();
        foreach (var field in model.Fields.Where(f => f.Option is not null))
        {
            if (field.ExclusiveWith is { } other && set.Any(s => s.WireName == other))
            {
                continue;
            }

            var property = type.GetProperty(field.Option!)!;
            property.SetValue(record, ValidValue(field, property.PropertyType));
            set.Add(field);
        }

        // Act
        var validated = Validate(Request(model, record));
        var body = Body(validated);

        // Assert
        set.Should().NotBeEmpty();
        foreach (var field in set)
        {
            body.TryGetProperty(field.SpreadNames?[0] ?? field.WireName, out _).Should().BeTrue("{0} sends {1}", id, field.WireName);
        }

        body.TryGetProperty("model", out _).Should().Be(model.Route.ModelInBody || set.Any(f => f.WireName == "model"));
    }

    /// <summary>The options of a family's fields (not the base record's), with the wire name each sends, the same in every model of the family.</summary>
    private static Dictionary<string, string> Options(string family)
    {
        var pairs = RelayGpuCatalog.Catalog.Models
            .Where(m => m.Family == family)
            .SelectMany(m => m.Fields)
            .Where(f => f.Option is not null)
            .Select(f => (Option: f.Option!, f.WireName))
            .Distinct()
            .ToList();
        pairs.Select(p => p.Option).Should().OnlyHaveUniqueItems("an option sends one wire name in every model of '{0}'", family);
        return pairs.ToDictionary(p => p.Option, p => p.WireName, StringComparer.Ordinal);
    }

    /// <summary>Every option of the catalog, with its wire name.</summary>
    private static Dictionary<string, string> AllOptions() =>
        RelayGpuCatalog.Catalog.Models.SelectMany(m => m.Fields).Where(f => f.Option is not null)
            .Select(f => (Option: f.Option!, f.WireName)).Distinct()
            .ToDictionary(p => p.Option, p => p.WireName, StringComparer.Ordinal);
}
