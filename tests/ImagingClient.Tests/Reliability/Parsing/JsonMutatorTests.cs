using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace ImagingClient.Tests.Reliability.Parsing;

/// <summary>The mutator makes what it says, and makes it again from the same seed.</summary>
public sealed class JsonMutatorTests
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes(ParsingSeeds.ApiframeJobs["completed-set"]);

    [Fact]
    public void Mutate_SameSeedAndPayload_GivesTheSameBytesAndSteps()
    {
        // Arrange
        var seeds = Enumerable.Range(1000, 300).ToList();

        // Act
        var first = seeds.Select(seed => JsonMutator.Mutate(Payload, seed)).ToList();
        var again = seeds.Select(seed => JsonMutator.Mutate(Payload, seed)).ToList();

        // Assert
        for (var i = 0; i < seeds.Count; i++)
        {
            again[i].Payload.Should().Equal(first[i].Payload, "seed {0} must make the same payload every time", seeds[i]);
            again[i].Steps.Should().Be(first[i].Steps);
        }

        first.Select(m => m.Kind).Distinct().Should().HaveCount(Enum.GetValues<MutationKind>().Length, "300 seeds reach every kind of mutation");
    }

    [Fact]
    public void Mutate_Truncation_GivesAProperPrefix()
    {
        // Act
        var mutated = Enumerable.Range(0, 50).Select(seed => JsonMutator.Mutate(Payload, seed, MutationKind.Truncation)).ToList();

        // Assert
        mutated.Should().OnlyContain(m => m.Payload.Length < Payload.Length && IsPrefix(m.Payload));
    }

    [Theory]
    [InlineData(nameof(MutationKind.DeepNesting))]
    [InlineData(nameof(MutationKind.InvalidUtf8))]
    [InlineData(nameof(MutationKind.DuplicateKey))]
    public void Mutate_RawKinds_GiveWhatAStrictReaderRefuses(string kindName)
    {
        // Arrange
        var kind = Enum.Parse<MutationKind>(kindName);

        // Act
        var mutated = Enumerable.Range(0, 40).Select(seed => JsonMutator.Mutate(Payload, seed, kind)).ToList();

        // Assert
        foreach (var m in mutated)
        {
            var valid = kind == MutationKind.InvalidUtf8 ? Utf8.IsValid(m.Payload) : Parses(m.Payload);
            valid.Should().BeFalse("{0} should be refused", m.Describe());
        }
    }

    [Fact]
    public void Mutate_HugeNumber_PutsAnUnrepresentableNumberInPlaceOfOne()
    {
        // Act
        var mutated = Enumerable.Range(0, 40).Select(seed => JsonMutator.Mutate(Payload, seed, MutationKind.HugeNumber)).ToList();

        // Assert
        mutated.Should().OnlyContain(m => m.Steps.Contains(" = ", StringComparison.Ordinal) && !m.Payload.SequenceEqual(Payload));
        mutated.Should().Contain(m => Encoding.UTF8.GetString(m.Payload).Contains("1e400", StringComparison.Ordinal));
    }

    [Fact]
    public void Mutate_ByteOrderMark_PutsTheBomFirst()
    {
        // Act
        var mutated = Enumerable.Range(0, 20).Select(seed => JsonMutator.Mutate(Payload, seed, MutationKind.ByteOrderMark)).ToList();

        // Assert
        mutated.Should().OnlyContain(m => m.Payload.Take(3).SequenceEqual(JsonMutator.Bom));
    }

    [Fact]
    public void Describe_ALongPayload_NamesTheSeedAndCutsThePayload()
    {
        // Arrange
        var mutated = new MutatedPayload(42, MutationKind.InvalidUtf8, "$.x with 1 invalid byte(s) at 0", [.. Encoding.ASCII.GetBytes(new string('a', 1000)), 0xFF]);

        // Act
        var text = mutated.Describe(100);

        // Assert
        text.Should().StartWith("seed 42 (InvalidUtf8: $.x").And.Contain("1001 bytes").And.EndWith("(1001 bytes in all)");
        text.Length.Should().BeLessThan(250);
        JsonMutator.Printable([0x41, 0xFF, 0x0A], 10).Should().Be("A\\xFF\\x0A");
    }

    private static bool IsPrefix(byte[] cut) => Payload.AsSpan().StartsWith(cut);

    private static bool Parses(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { AllowDuplicateProperties = false });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
