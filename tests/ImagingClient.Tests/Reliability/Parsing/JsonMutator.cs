using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImagingClient.Tests.Reliability.Parsing;

/// <summary>The ways <see cref="JsonMutator"/> damages a payload.</summary>
internal enum MutationKind
{
    /// <summary>The body cut off at a random byte.</summary>
    Truncation,

    /// <summary>One value replaced by a value of another JSON type (string, number, bool, null, object, array).</summary>
    WrongType,

    /// <summary>One value replaced by a number no .NET number type holds (1e400, 99999999999999999999999), or NaN text.</summary>
    HugeNumber,

    /// <summary>One string replaced by an edge case: extreme dates, odd URLs, control characters, lone surrogates.</summary>
    EdgeString,

    /// <summary>One value (or the whole body) replaced by arrays or objects nested far deeper than any reader allows.</summary>
    DeepNesting,

    /// <summary>An image field's value replaced by text that is not base64 (or is base64 of nothing useful).</summary>
    InvalidBase64,

    /// <summary>An object given a second property of the same name, before or after the first.</summary>
    DuplicateKey,

    /// <summary>Bytes that are not UTF-8 inside a string, or anywhere in the body.</summary>
    InvalidUtf8,

    /// <summary>One string replaced by a very long one.</summary>
    LongString,

    /// <summary>One property removed.</summary>
    MissingProperty,

    /// <summary>The whole body replaced: empty, whitespace, a BOM, a bare scalar, HTML, two documents.</summary>
    WholeBody,

    /// <summary>One byte replaced by a JSON delimiter, a quote, a backslash, NUL or a random byte.</summary>
    ByteFlip,

    /// <summary>A UTF-8 byte order mark before the (possibly mutated) body.</summary>
    ByteOrderMark,

    /// <summary>Two or three of the structural mutations above, one after the other.</summary>
    Combined,
}

/// <summary>One mutated payload and how to make it again.</summary>
/// <param name="Seed">The seed that made it: <see cref="JsonMutator.Mutate"/> with this seed and the same payload makes it again.</param>
/// <param name="Kind">The main mutation.</param>
/// <param name="Steps">What was done, in words (the path changed and how).</param>
/// <param name="Payload">The mutated bytes.</param>
internal sealed record MutatedPayload(int Seed, MutationKind Kind, string Steps, byte[] Payload)
{
    /// <summary>The seed, the mutation and the payload (cut to <paramref name="maxChars"/>, non-ASCII bytes as \xNN), for a failure message.</summary>
    public string Describe(int maxChars = 600) =>
        string.Create(CultureInfo.InvariantCulture, $"seed {Seed} ({Kind}: {Steps}), {Payload.Length} bytes: {JsonMutator.Printable(Payload, maxChars)}");
}

/// <summary>
/// Makes damaged variants of a valid JSON payload, reproducibly: <see cref="Mutate"/> with the same seed and payload
/// always gives the same bytes (a seeded <see cref="Random"/>, whose sequence for a given seed is fixed). Structural
/// mutations edit a parsed copy and write it back; raw ones (numbers no parser holds, deep nesting, duplicate keys,
/// invalid UTF-8) are spliced into the written bytes through unique placeholders.
/// </summary>
internal static class JsonMutator
{
    private const string PlaceholderPrefix = "__fuzz_raw_";

    private static readonly JsonSerializerOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly MutationKind[] StructuralKinds =
    [
        MutationKind.WrongType, MutationKind.HugeNumber, MutationKind.EdgeString, MutationKind.DeepNesting, MutationKind.InvalidBase64,
        MutationKind.DuplicateKey, MutationKind.InvalidUtf8, MutationKind.LongString, MutationKind.MissingProperty,
    ];

    private static readonly string[] HugeNumbers =
    [
        "1e400", "-1e400", "99999999999999999999999", "-99999999999999999999999", "-1e308", "1e308", "1.7976931348623157e308",
        "4.9e-324", "1e-400", "123456789012345678901234567890.123456789", "9223372036854775808", "-9223372036854775809",
        "2147483648", "-2147483649", "253402300800000", "253402300799999", "-0", "1E+99999", "0.0000000000000000000000000000001",
        "NaN", "-NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e400\"", "\"99999999999999999999999\"",
        "\"-1e308\"", "\"9223372036854775808\"", "\"0x1F\"", "\"1_000\"", "01", "1.", ".5", "+1", "1e", "--1",
    ];

    private static readonly string[] WrongTypeValues =
    [
        "\"text\"", "\"\"", "\" \"", "0", "-1", "1.5", "2147483648", "true", "false", "null", "{}", "{\"url\":\"https://x.example/a.png\"}",
        "[]", "[null]", "[1,\"a\",{},[]]", "\"null\"", "\"true\"", "\"0\"", "\"200\"", "200", "{\"code\":200}",
    ];

    private static readonly string[] EdgeStrings =
    [
        "\"9999-12-31T23:59:59.9999999+00:00\"", "\"9999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00+14:00\"", "\"0001-01-01T00:00:00Z\"",
        "\"9999-12-31\"", "\"2026-13-45T99:99:99Z\"", "\"not a date\"", "\"https://\"", "\"http://[::1\"", "\"ftp://a.example/b.png\"",
        "\"/relative.png\"", "\"//host.example/x.png\"", "\"file:///etc/passwd\"", "\"data:image/png;base64,\"", "\"data:;base64,QQ==\"",
        "\"data:image/png,notbase64\"", "\"data:image/png;base64,iVBORw0KGgo=\"", "\"javascript:alert(1)\"", "\"http://127.0.0.1:1/a.png\"",
        "\"https://[::1]/a.png\"", "\"https://example.com/%00%ZZ\"", "\"\\u0000\\u001f\\u007f\"", "\"\\ud800\"", "\"\\udfff\\ud800\"",
        "\"\\ud83d\\ude00 \\u202e\"", "\"\\\\\"", "\"   \"", "\"\\r\\n\\t\"", "\"direct:\"", "\":\"", "\"../../x\"", "\"?#&=\"",
        "\"SUCCESS\"", "\"completed\"", "\"COMPLETED\"", "\"failed\"", "\"FAILED\"", "\"CANCELLED\"", "\"task.completed\"", "\"progress\"",
    ];

    private static readonly string[] DateEdges =
    [
        "\"9999-12-31T23:59:59.9999999+00:00\"", "\"9999-12-31T23:59:59Z\"", "\"9999-12-31T23:59:59-14:00\"", "\"9999-12-31T20:00:00+14:00\"",
        "\"0001-01-01T00:00:00+14:00\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31\"", "\"1970-01-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"",
    ];

    private static readonly string[] InvalidBase64Values =
    [
        "\"!!!!\"", "\"abcde\"", "\"====\"", "\"=\"", "\"QUJD=\"", "\"Q\"", "\"QQ=\"", "\"QQ==QQ==\"", "\"iVBORw0KGgo AAAA\"",
        "\"iVBORw0KGgo\\nAAAA\"", "\"\\/\\/\\/\\/\"", "\"data:image/png;base64,!!!\"", "\"data:image/png;base64,\"", "\"-_-_\"", "\"AAAA\"",
        "\"\"", "\"iVBORw0KGgo\"", "\"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ\"", "\"\\u0041\\u0041\\u0041\\u0041\"", "\"QUJD\\u0000\"",
        "\"QUJDRA===\"", "\"Q===\"", "\"%%%%\"", "\"https://\"", "\"data:\"",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xFE], [0xC0, 0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80],
        [0xED, 0xBF, 0xBF], [0xC3, 0x28], [0xE0, 0x80, 0xAF],
    ];

    private static readonly string[] ImageKeys = ["base64", "b64_json", "data", "url", "urls", "images", "result", "resultImageUrl", "originImageUrl", "gridUrl", "info", "response"];

    /// <summary>The byte order mark of UTF-8.</summary>
    internal static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// <paramref name="count"/> mutated variants of <paramref name="payload"/>, the i-th made with seed
    /// <c><paramref name="baseSeed"/> + i</c>, so any one can be made again alone.
    /// </summary>
    public static IEnumerable<MutatedPayload> Cases(string payload, int baseSeed, int count)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        for (var i = 0; i < count; i++)
        {
            yield return Mutate(bytes, unchecked(baseSeed + i));
        }
    }

    /// <summary>One mutated variant of <paramref name="payload"/> (valid JSON), the same for the same seed.</summary>
    public static MutatedPayload Mutate(byte[] payload, int seed)
    {
        var random = new Random(seed);
        var roll = random.Next(100);
        var kind = roll switch
        {
            < 8 => MutationKind.Truncation,
            < 15 => MutationKind.WholeBody,
            < 20 => MutationKind.ByteFlip,
            < 23 => MutationKind.ByteOrderMark,
            < 35 => MutationKind.Combined,
            _ => StructuralKinds[random.Next(StructuralKinds.Length)],
        };
        return Mutate(payload, seed, random, kind);
    }

    /// <summary>One variant of one given kind, for tests of the mutator itself.</summary>
    public static MutatedPayload Mutate(byte[] payload, int seed, MutationKind kind) => Mutate(payload, seed, new Random(seed), kind);

    /// <summary>Bytes as printable text: ASCII as it is (control characters escaped), anything else as \xNN; cut to <paramref name="maxChars"/>.</summary>
    public static string Printable(ReadOnlySpan<byte> bytes, int maxChars)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            if (text.Length >= maxChars)
            {
                return text.Append(CultureInfo.InvariantCulture, $"… ({bytes.Length} bytes in all)").ToString();
            }

            if (b is >= 0x20 and < 0x7F)
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        return text.ToString();
    }

    private static MutatedPayload Mutate(byte[] payload, int seed, Random random, MutationKind kind)
    {
        switch (kind)
        {
            case MutationKind.Truncation:
                {
                    var at = payload.Length == 0 ? 0 : random.Next(payload.Length);
                    return new(seed, kind, $"cut at byte {at}", payload[..at]);
                }

            case MutationKind.WholeBody:
                {
                    var (what, body) = WholeBody(payload, random);
                    return new(seed, kind, what, body);
                }

            case MutationKind.ByteFlip:
                {
                    if (payload.Length == 0)
                    {
                        return new(seed, kind, "nothing to flip", payload);
                    }

                    var copy = (byte[])payload.Clone();
                    var at = random.Next(copy.Length);
                    byte[] choices = [(byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)'"', (byte)'\\', (byte)',', (byte)':', 0, (byte)random.Next(256)];
                    copy[at] = choices[random.Next(choices.Length)];
                    return new(seed, kind, string.Create(CultureInfo.InvariantCulture, $"byte {at} set to 0x{copy[at]:X2}"), copy);
                }

            case MutationKind.ByteOrderMark:
                {
                    var inner = random.Next(2) == 0 ? (Steps: "the seed", Bytes: payload) : StructuralOnce(payload, random, StructuralKinds[random.Next(StructuralKinds.Length)]);
                    return new(seed, kind, "BOM before " + inner.Steps, [.. Bom, .. inner.Bytes]);
                }

            case MutationKind.Combined:
                {
                    var document = new Document(payload);
                    var steps = new List<string>();
                    var count = 2 + random.Next(2);
                    for (var i = 0; i < count; i++)
                    {
                        steps.Add(document.Apply(StructuralKinds[random.Next(StructuralKinds.Length)], random));
                    }

                    var bytes = document.Render();
                    if (random.Next(4) == 0 && bytes.Length > 0)
                    {
                        var at = random.Next(bytes.Length);
                        steps.Add($"then cut at byte {at}");
                        bytes = bytes[..at];
                    }

                    return new(seed, kind, string.Join("; ", steps), bytes);
                }

            default:
                {
                    var (steps, bytes) = StructuralOnce(payload, random, kind);
                    return new(seed, kind, steps, bytes);
                }
        }
    }

    private static (string Steps, byte[] Bytes) StructuralOnce(byte[] payload, Random random, MutationKind kind)
    {
        var document = new Document(payload);
        var steps = document.Apply(kind, random);
        var bytes = document.Render();
        if (kind == MutationKind.InvalidUtf8 && random.Next(3) == 0 && bytes.Length > 0)
        {
            // Also outside any string: between tokens, or splitting one.
            var at = random.Next(bytes.Length);
            var bad = InvalidUtf8[random.Next(InvalidUtf8.Length)];
            bytes = [.. bytes.AsSpan(0, at), .. bad, .. bytes.AsSpan(at)];
            steps += string.Create(CultureInfo.InvariantCulture, $"; and {bad.Length} invalid byte(s) at {at}");
        }

        return (steps, bytes);
    }

    private static (string What, byte[] Body) WholeBody(byte[] payload, Random random)
    {
        switch (random.Next(16))
        {
            case 0: return ("empty", []);
            case 1: return ("one space", " "u8.ToArray());
            case 2: return ("whitespace", "\r\n\t  \n"u8.ToArray());
            case 3: return ("a BOM alone", Bom);
            case 4: return ("null", "null"u8.ToArray());
            case 5: return ("true", "true"u8.ToArray());
            case 6: return ("0", "0"u8.ToArray());
            case 7: return ("a string", "\"text\""u8.ToArray());
            case 8: return ("an empty array", "[]"u8.ToArray());
            case 9: return ("an empty object", "{}"u8.ToArray());
            case 10: return ("an HTML page", "<html><body><h1>502 Bad Gateway</h1></body></html>"u8.ToArray());
            case 11: return ("the seed twice", [.. payload, .. payload]);
            case 12: return ("the seed and garbage", [.. payload, .. " garbage"u8]);
            case 13: return ("an array of the seed", [(byte)'[', .. payload, (byte)',', .. payload, (byte)']']);
            case 14: return ("NUL bytes", [0, 0, 0]);
            default:
                var depth = random.Next(2) == 0 ? 100_000 : 65;
                return (string.Create(CultureInfo.InvariantCulture, $"{depth} nested arrays"), Encoding.ASCII.GetBytes(new string('[', depth) + new string(']', depth)));
        }
    }

    /// <summary>A parsed payload being mutated, with the raw texts to splice in when it is written.</summary>
    private sealed class Document
    {
        private readonly List<(string Placeholder, byte[] Raw)> _raw = [];
        private JsonNode? _root;

        public Document(byte[] payload)
        {
            _root = JsonNode.Parse(payload);
        }

        public string Apply(MutationKind kind, Random random)
        {
            var nodes = Nodes();
            switch (kind)
            {
                case MutationKind.WrongType:
                    {
                        var target = nodes[random.Next(nodes.Count)];
                        var value = WrongTypeValues[random.Next(WrongTypeValues.Length)];
                        Replace(target, RawNode(value));
                        return $"{target.Path} = {value}";
                    }

                case MutationKind.HugeNumber:
                    {
                        var target = Pick(nodes, random, n => n.Node is JsonValue v && v.GetValueKind() == JsonValueKind.Number);
                        var value = HugeNumbers[random.Next(HugeNumbers.Length)];
                        Replace(target, RawNode(value));
                        return $"{target.Path} = {value}";
                    }

                case MutationKind.EdgeString:
                    {
                        var target = Pick(nodes, random, n => n.Node is JsonValue v && v.GetValueKind() == JsonValueKind.String);
                        var edges = IsTimeField(target) && random.Next(2) == 0 ? DateEdges : EdgeStrings;
                        var value = edges[random.Next(edges.Length)];
                        Replace(target, RawNode(value));
                        return $"{target.Path} = {value}";
                    }

                case MutationKind.DeepNesting:
                    {
                        var target = nodes[random.Next(nodes.Count)];
                        var (depth, raw) = random.Next(4) switch
                        {
                            0 => (100_000, new string('[', 100_000) + new string(']', 100_000)),
                            1 => (65, new string('[', 65) + new string(']', 65)),
                            2 => (5_000, string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000)),
                            _ => (100_000, new string('[', 100_000)),
                        };
                        Replace(target, RawNode(raw));
                        return string.Create(CultureInfo.InvariantCulture, $"{target.Path} = {depth} levels of nesting");
                    }

                case MutationKind.InvalidBase64:
                    {
                        var target = Pick(nodes, random, n => n.Node is JsonValue v && v.GetValueKind() == JsonValueKind.String && IsImageField(n));
                        var value = random.Next(10) == 0
                            ? "\"" + string.Concat(Enumerable.Repeat("QUJD", 50_000)) + "!\""
                            : InvalidBase64Values[random.Next(InvalidBase64Values.Length)];
                        Replace(target, RawNode(value));
                        return $"{target.Path} = {(value.Length > 60 ? value[..60] + "…" : value)}";
                    }

                case MutationKind.DuplicateKey:
                    {
                        var target = Pick(nodes, random, n => n.Node is JsonObject o && o.Count > 0);
                        if (target.Node is not JsonObject obj || obj.Count == 0)
                        {
                            return Apply(MutationKind.WrongType, random);
                        }

                        var (key, value) = obj.ElementAt(random.Next(obj.Count));
                        var other = random.Next(3) == 0 ? (value?.ToJsonString(Writing) ?? "null") : WrongTypeValues[random.Next(WrongTypeValues.Length)];
                        var members = obj.Select(p => JsonSerializer.Serialize(p.Key, Writing) + ":" + (p.Value?.ToJsonString(Writing) ?? "null")).ToList();
                        var duplicate = JsonSerializer.Serialize(key, Writing) + ":" + other;
                        var first = random.Next(2) == 0;
                        members.Insert(first ? 0 : members.Count, duplicate);
                        Replace(target, RawNode("{" + string.Join(",", members) + "}"));
                        return $"{target.Path}.{key} twice ({(first ? "first" : "then")} {other})";
                    }

                case MutationKind.InvalidUtf8:
                    {
                        var target = Pick(nodes, random, n => n.Node is JsonValue v && v.GetValueKind() == JsonValueKind.String);
                        var bad = InvalidUtf8[random.Next(InvalidUtf8.Length)];
                        var text = target.Node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "x";
                        var at = random.Next(text.Length + 1);
                        var raw = (byte[])[(byte)'"', .. Escaped(text[..at]), .. bad, .. Escaped(text[at..]), (byte)'"'];
                        Replace(target, RawNode(raw));
                        return string.Create(CultureInfo.InvariantCulture, $"{target.Path} with {bad.Length} invalid byte(s) at {at}");
                    }

                case MutationKind.LongString:
                    {
                        var target = Pick(nodes, random, n => n.Node is JsonValue v && v.GetValueKind() == JsonValueKind.String);
                        var (what, raw) = random.Next(3) switch
                        {
                            0 => ("100,000 'a'", "\"" + new string('a', 100_000) + "\""),
                            1 => ("20,000 escapes", "\"" + string.Concat(Enumerable.Repeat("\\u0041", 20_000)) + "\""),
                            _ => ("a 5,000-character URL", "\"https://example.com/" + new string('a', 5_000) + ".png\""),
                        };
                        Replace(target, RawNode(raw));
                        return $"{target.Path} = {what}";
                    }

                case MutationKind.MissingProperty:
                    {
                        var target = Pick(nodes, random, n => n.Parent is JsonObject);
                        if (target.Parent is JsonObject parent && target.Key is { } key)
                        {
                            parent.Remove(key);
                            return $"{target.Path} removed";
                        }

                        return Apply(MutationKind.WrongType, random);
                    }

                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a structural mutation.");
            }
        }

        public byte[] Render()
        {
            var bytes = Encoding.UTF8.GetBytes(_root?.ToJsonString(Writing) ?? "null");

            // Later placeholders may hold earlier ones (a duplicated object's members), never the reverse.
            for (var i = _raw.Count - 1; i >= 0; i--)
            {
                var (placeholder, raw) = _raw[i];
                var quoted = Encoding.UTF8.GetBytes("\"" + placeholder + "\"");
                var at = bytes.AsSpan().IndexOf(quoted);
                if (at >= 0)
                {
                    bytes = [.. bytes.AsSpan(0, at), .. raw, .. bytes.AsSpan(at + quoted.Length)];
                }
            }

            return bytes;
        }

        /// <summary>A field named like a time (<c>createdAt</c>, <c>completeTime</c>, <c>created_at</c>): its edge cases are dates first.</summary>
        private static bool IsTimeField(Target target) =>
            target.Key is { } key && (key.Contains("time", StringComparison.OrdinalIgnoreCase) || key.EndsWith("At", StringComparison.Ordinal) || key.EndsWith("_at", StringComparison.Ordinal));

        private static bool IsImageField(Target target) =>
            (target.Key is { } key && ImageKeys.Contains(key, StringComparer.Ordinal))
            || (target.Parent is JsonArray && target.Path.Contains("images", StringComparison.Ordinal))
            || (target.Parent is JsonArray && target.Path.Contains("urls", StringComparison.Ordinal));

        private static byte[] Escaped(string text) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(text, Writing)[1..^1]);

        private static Target Pick(List<Target> nodes, Random random, Func<Target, bool> fits)
        {
            var fitting = nodes.Where(fits).ToList();
            return fitting.Count > 0 ? fitting[random.Next(fitting.Count)] : nodes[random.Next(nodes.Count)];
        }

        private JsonValue RawNode(string raw) => RawNode(Encoding.UTF8.GetBytes(raw));

        private JsonValue RawNode(byte[] raw)
        {
            var placeholder = string.Create(CultureInfo.InvariantCulture, $"{PlaceholderPrefix}{_raw.Count}__");
            _raw.Add((placeholder, raw));
            return JsonValue.Create(placeholder);
        }

        private void Replace(Target target, JsonNode replacement)
        {
            switch (target.Parent)
            {
                case null:
                    _root = replacement;
                    break;
                case JsonObject obj:
                    obj[target.Key!] = replacement;
                    break;
                case JsonArray array:
                    array[target.Index] = replacement;
                    break;
            }
        }

        /// <summary>Every value of the document, the root first, each with where it sits.</summary>
        private List<Target> Nodes()
        {
            var all = new List<Target> { new(_root, null, null, -1, "$") };
            for (var i = 0; i < all.Count; i++)
            {
                var (node, _, _, _, path) = all[i];
                switch (node)
                {
                    case JsonObject obj:
                        foreach (var (key, value) in obj)
                        {
                            all.Add(new(value, obj, key, -1, path + "." + key));
                        }

                        break;
                    case JsonArray array:
                        for (var j = 0; j < array.Count; j++)
                        {
                            all.Add(new(array[j], array, null, j, string.Create(CultureInfo.InvariantCulture, $"{path}[{j}]")));
                        }

                        break;
                }
            }

            return all;
        }
    }

    /// <summary>A value of the document: itself (null for JSON null), its container, and its key or index.</summary>
    private sealed record Target(JsonNode? Node, JsonNode? Parent, string? Key, int Index, string Path);
}
