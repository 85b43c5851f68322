using ImagingClient.Models;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Webhooks;

namespace ImagingClient.Tests.Providers.Apiframe;

/// <summary>
/// Every field the generated catalog lists for a family's block has a property on that family's record, and each
/// property sends exactly its field: a field Apiframe adds, once regenerated, fails here until the record gets it.
/// </summary>
public sealed class ApiframeOptionCoverageTests
{
    public static TheoryData<string> Families => [.. ApiframeSamples.RecordModels.Select(m => m.Family).Distinct()];

    public static TheoryData<string> RecordModelIds => [.. ApiframeSamples.RecordModels.Select(m => m.Id)];

    [Fact]
    public void Records_FoundByReflection_AreOnePerFamilyAndTheFamilyFreeOne()
    {
        // Arrange
        var catalogFamilies = ApiframeSamples.RecordModels.Select(m => m.Family).Distinct().ToList();

        // Act
        var records = ApiframeSamples.RecordTypes;

        // Assert
        catalogFamilies.Should().HaveCount(19, "18 generation families and the edit model's");
        ApiframeSamples.RecordsByFamily.Keys.Should().BeEquivalentTo(catalogFamilies);
        records.Should().HaveCount(20);
        records.Where(t => ApiframeSamples.New(t).Family is null).Should().Equal(typeof(ApiframeOptions));
        records.Should().OnlyContain(t => t.IsSealed && t.IsPublic && ApiframeSamples.New(t).Provider == "apiframe");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Record_OfEachFamily_HasAPropertyForEveryOptionOfItsBlock(string family)
    {
        // Arrange
        var options = BlockOptions(family).Keys.ToList();

        // Act
        var properties = ApiframeSamples.OwnProperties(ApiframeSamples.RecordsByFamily[family]).Select(p => p.Name).ToList();

        // Assert
        options.Should().NotBeEmpty();
        properties.Should().BeEquivalentTo(options, "the record of '{0}' has exactly one property per field of its block", family);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void AddFields_EachPropertySetAlone_EmitsExactlyItsWireName(string family)
    {
        // Arrange
        var type = ApiframeSamples.RecordsByFamily[family];
        var options = BlockOptions(family);
        var checkedCount = 0;

        foreach (var property in ApiframeSamples.OwnProperties(type))
        {
            var record = ApiframeSamples.New(type);
            var value = ApiframeSamples.AnyValue(property.PropertyType);
            property.SetValue(record, value);
            var fields = new OptionFields();

            // Act
            record.AddFields(fields);

            // Assert
            var expected = options[property.Name];
            var emitted = fields.Values.Where(v => v.Property == property.Name).ToList();
            emitted.Select(v => v.WireName).Should().Equal([expected], "{0}.{1} sends '{2}'", type.Name, property.Name, expected);
            emitted[0].Value.Should().Be(value is int i ? (long)i : value);
            var others = fields.Values.Where(v => v.Property != property.Name).Select(v => (v.Property, v.WireName, v.Value)).ToList();
            if (property.Name == nameof(ApiframeFluxFillOptions.Outpaint))
            {
                others.Should().Equal([(nameof(ApiframeFluxFillOptions.Mode), "mode", (object)"outpaint")], "an outpaint without a mode is an outpaint");
            }
            else
            {
                others.Should().BeEmpty("{0}.{1} sets nothing else", type.Name, property.Name);
            }

            checkedCount++;
        }

        checkedCount.Should().Be(options.Count);
    }

    [Fact]
    public void AddFields_WebhookEvents_AreSentByTheirApiframeNames()
    {
        // Arrange
        var records = ApiframeSamples.RecordTypes.Select(ApiframeSamples.New).ToList();

        foreach (var record in records)
        {
            var withEvents = record with { WebhookEvents = [ImageWebhookEventKind.Progress, ImageWebhookEventKind.Completed, ImageWebhookEventKind.Failed] };
            var fields = new OptionFields();

            // Act
            withEvents.AddFields(fields);

            // Assert
            var sent = fields.Values.Should().ContainSingle().Which;
            (sent.Property, sent.WireName).Should().Be(("WebhookEvents", "webhookEvents"));
            sent.Value.Should().BeAssignableTo<IReadOnlyList<string>>().Which.Should().Equal("progress", "completed", "failed");
        }

        records.Should().HaveCount(20);
    }

    [Theory]
    [MemberData(nameof(RecordModelIds))]
    public void Validate_EveryPropertyOfTheFamilyRecordSet_SendsEachInTheModelsBlock(string id)
    {
        // Arrange
        var model = ApiframeSamples.RecordModels.Single(m => m.Id == id);
        var record = ApiframeSamples.FullRecord(model);
        var blockFields = model.Fields.Where(f => f.Block is not null && f.Option is not null).ToList();

        // Act
        var body = ApiframeSamples.Body(ApiframeSamples.Validate(ApiframeSamples.Request(model, record)));

        // Assert
        body.GetProperty("model").GetString().Should().Be(id);
        blockFields.Should().NotBeEmpty();
        foreach (var field in blockFields)
        {
            body.GetProperty(field.Block!).TryGetProperty(field.WireName, out _).Should().BeTrue("{0} sends {1}.{2}", id, field.Block, field.WireName);
            body.TryGetProperty(field.WireName, out _).Should().BeFalse("block fields are not repeated at the top");
        }
    }

    /// <summary>The options of a family's block fields, with the wire name each sends (the same in every model of the family).</summary>
    private static Dictionary<string, string> BlockOptions(string family)
    {
        var pairs = ApiframeSamples.RecordModels
            .Where(m => m.Family == family)
            .SelectMany(m => m.Fields)
            .Where(f => f.Block is not null && f.Option is not null)
            .Select(f => (f.Option!, f.WireName))
            .Distinct()
            .ToList();
        pairs.Select(p => p.Item1).Should().OnlyHaveUniqueItems("an option sends one wire name in every model of '{0}'", family);
        return pairs.ToDictionary(p => p.Item1, p => p.WireName, StringComparer.Ordinal);
    }
}
