using System.Buffers.Text;
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using ImagingClient.Jobs;

namespace ImagingClient;

/// <summary>What a job was submitted to do.</summary>
public enum ImageOperationKind
{
    /// <summary>Generate from a prompt.</summary>
    Generate,

    /// <summary>Edit an image.</summary>
    Edit,

    /// <summary>Enlarge an image (a provider's own operation).</summary>
    Upscale,

    /// <summary>Remove an image's background (a provider's own operation).</summary>
    RemoveBackground,

    /// <summary>Follow up a finished job, such as an upsample of one image of a grid (a provider's own operation).</summary>
    FollowUp,
}

/// <summary>
/// Everything needed to re-attach to a job from another process or machine: save <see cref="ToString"/> (a compact,
/// URL-safe string) and later pass <see cref="Parse"/>'s result to <see cref="IImageClient.ResumeJobAsync"/>. It holds
/// no secret: the client that resumes uses its own API key.
/// </summary>
[JsonConverter(typeof(ImageJobTokenJsonConverter))]
public sealed class ImageJobToken : IEquatable<ImageJobToken>
{
    private const string Prefix = "ijt1.";

    /// <summary>Each operation's name in the token's text.</summary>
    private static readonly FrozenDictionary<ImageOperationKind, string> OperationNames = new Dictionary<ImageOperationKind, string>
    {
        [ImageOperationKind.Generate] = "generate",
        [ImageOperationKind.Edit] = "edit",
        [ImageOperationKind.Upscale] = "upscale",
        [ImageOperationKind.RemoveBackground] = "remove-background",
        [ImageOperationKind.FollowUp] = "follow-up",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, ImageOperationKind> OperationKinds = OperationNames.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    private readonly string _text;

    /// <summary>Creates a token.</summary>
    /// <param name="provider">The provider's name in model ids, such as <c>"myprovider"</c>.</param>
    /// <param name="jobId">The provider's job or task id.</param>
    /// <param name="model">The model the job runs, without the provider prefix.</param>
    /// <param name="operation">What the job does: generates, edits, or one of a provider's own operations.</param>
    /// <param name="submittedAt">When the job was submitted.</param>
    public ImageJobToken(string provider, string jobId, string model, ImageOperationKind operation, DateTimeOffset submittedAt)
        : this(provider, jobId, model, operation, submittedAt, state: null, expiresAt: null)
    {
    }

    /// <summary>Creates a token that also carries provider state and an expiry.</summary>
    /// <param name="provider">The provider's name in model ids, such as <c>"myprovider"</c>.</param>
    /// <param name="jobId">The provider's job or task id.</param>
    /// <param name="model">The model the job runs, without the provider prefix.</param>
    /// <param name="operation">What the job does: generates, edits, or one of a provider's own operations.</param>
    /// <param name="submittedAt">When the job was submitted.</param>
    /// <param name="state">
    /// What the provider needs besides the id to follow the job (a parent job, a poll link), as short text values; no
    /// secret may go in it.
    /// </param>
    /// <param name="expiresAt">When the provider forgets the job, where it says (the token is of no use after it).</param>
    public ImageJobToken(
        string provider,
        string jobId,
        string model,
        ImageOperationKind operation,
        DateTimeOffset submittedAt,
        IReadOnlyDictionary<string, string>? state,
        DateTimeOffset? expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (!OperationNames.TryGetValue(operation, out var operationName))
        {
            throw new ArgumentOutOfRangeException(nameof(operation), operation, $"The operation has the undefined value {(int)operation}.");
        }

        Provider = provider;
        JobId = jobId;
        Model = model;
        Operation = operation;
        SubmittedAt = submittedAt;
        ExpiresAt = expiresAt;
        var ordered = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in state ?? new Dictionary<string, string>())
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key, nameof(state));
            ordered[key] = value ?? throw new ArgumentException($"State value '{key}' must not be null.", nameof(state));
        }

        State = ordered.AsReadOnly();
        var wire = new ImageJobTokenWire
        {
            Version = 1,
            Provider = provider,
            JobId = jobId,
            Model = model,
            Operation = operationName,
            SubmittedAt = submittedAt,
            ExpiresAt = expiresAt,
            State = ordered.Count == 0 ? null : new Dictionary<string, string>(ordered, StringComparer.Ordinal),
        };
        _text = Prefix + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(wire, JobsJsonContext.Default.ImageJobTokenWire));
        if (_text.Length > MaxLength)
        {
            throw new ArgumentException($"The token would be {_text.Length} characters long, more than {MaxLength}: keep provider state short.", nameof(state));
        }
    }

    /// <summary>The longest token text accepted.</summary>
    private const int MaxLength = 4096;

    /// <summary>
    /// A token for a job as a provider's answer names it, or <see langword="null"/> when that answer cannot make one (a
    /// blank id or model, or an id, model or state too long for a token): the answer is unusable then, not the caller's
    /// input, so the caller reports it as an invalid response instead of the constructor's <see cref="ArgumentException"/>.
    /// </summary>
    internal static ImageJobToken? TryCreate(string provider, string? jobId, string? model, ImageOperationKind operation, DateTimeOffset submittedAt, IReadOnlyDictionary<string, string>? state = null)
    {
        if (string.IsNullOrWhiteSpace(jobId) || string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        try
        {
            return new ImageJobToken(provider, jobId, model, operation, submittedAt, state, expiresAt: null);
        }
        catch (ArgumentException)
        {
            // Too long, or text a token cannot hold (a lone surrogate).
            return null;
        }
    }

    /// <summary>The provider running the job.</summary>
    public string Provider { get; }

    /// <summary>The provider's job or task id.</summary>
    public string JobId { get; }

    /// <summary>The model the job runs.</summary>
    public string Model { get; }

    /// <summary>Whether the job generates or edits.</summary>
    public ImageOperationKind Operation { get; }

    /// <summary>When the job was submitted.</summary>
    public DateTimeOffset SubmittedAt { get; }

    /// <summary>When the provider forgets the job, where it says; <see langword="null"/> when it does not.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>What the provider needs besides the id to follow the job; empty for most providers.</summary>
    public IReadOnlyDictionary<string, string> State { get; }

    /// <summary>A copy of this token that expires at <paramref name="expiresAt"/>.</summary>
    /// <param name="expiresAt">When the provider forgets the job.</param>
    /// <returns>The new token.</returns>
    public ImageJobToken WithExpiry(DateTimeOffset expiresAt) => new(Provider, JobId, Model, Operation, SubmittedAt, State, expiresAt);

    /// <summary>A copy of this token with one more (or a replaced) state value.</summary>
    /// <param name="key">The state's name.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The new token.</returns>
    public ImageJobToken WithState(string key, string value)
    {
        var state = new Dictionary<string, string>(State, StringComparer.Ordinal) { [key] = value };
        return new(Provider, JobId, Model, Operation, SubmittedAt, state, ExpiresAt);
    }

    /// <summary>Reads a token written by <see cref="ToString"/>.</summary>
    /// <param name="text">The token's text.</param>
    /// <returns>The token.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a token.</exception>
    public static ImageJobToken Parse(string text)
    {
        if (TryParse(text, out var token))
        {
            return token;
        }

        throw new FormatException(text is not null && text.StartsWith("ijt", StringComparison.Ordinal) && !text.StartsWith(Prefix, StringComparison.Ordinal)
            ? "The job token comes from a newer version of ImagingClient; update the library to resume it."
            : "The text is not an ImagingClient job token (they start with \"ijt1.\").");
    }

    /// <summary>Reads a token written by <see cref="ToString"/>.</summary>
    /// <param name="text">The token's text; surrounding white space is ignored.</param>
    /// <param name="token">The token, when the text is one.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a token.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ImageJobToken? token)
    {
        token = null;
        text = text?.Trim();
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length > MaxLength)
        {
            return false;
        }

        try
        {
            var json = Base64Url.DecodeFromChars(text.AsSpan(Prefix.Length));
            var wire = JsonSerializer.Deserialize(json, JobsJsonContext.Default.ImageJobTokenWire);
            if (wire is not { Version: 1, SubmittedAt: { } submittedAt }
                || string.IsNullOrWhiteSpace(wire.Provider)
                || string.IsNullOrWhiteSpace(wire.JobId)
                || string.IsNullOrWhiteSpace(wire.Model)
                || wire.Operation is null
                || !OperationKinds.TryGetValue(wire.Operation, out var operation))
            {
                return false;
            }

            token = new ImageJobToken(wire.Provider, wire.JobId, wire.Model, operation, submittedAt, wire.State, wire.ExpiresAt);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The token as compact, URL-safe text, to store and later <see cref="Parse"/>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _text;

    /// <inheritdoc />
    public bool Equals(ImageJobToken? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ImageJobToken);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);
}

/// <summary>Writes an <see cref="ImageJobToken"/> as its string form.</summary>
internal sealed class ImageJobTokenJsonConverter : JsonConverter<ImageJobToken>
{
    public override ImageJobToken? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null
            ? null
            : ImageJobToken.TryParse(reader.GetString(), out var token) ? token : throw new JsonException("Not an ImagingClient job token.");

    public override void Write(Utf8JsonWriter writer, ImageJobToken value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

/// <summary>The token's JSON inside its base64url text.</summary>
internal sealed class ImageJobTokenWire
{
    [JsonPropertyName("v")]
    public int Version { get; init; }

    [JsonPropertyName("p")]
    public string? Provider { get; init; }

    [JsonPropertyName("id")]
    public string? JobId { get; init; }

    [JsonPropertyName("m")]
    public string? Model { get; init; }

    [JsonPropertyName("op")]
    public string? Operation { get; init; }

    [JsonPropertyName("at")]
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>Added after the first tokens were issued; absent in them, and ignored by readers that predate it.</summary>
    [JsonPropertyName("exp")]
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Added after the first tokens were issued; absent in them, and ignored by readers that predate it.</summary>
    [JsonPropertyName("s")]
    public Dictionary<string, string>? State { get; init; }
}
