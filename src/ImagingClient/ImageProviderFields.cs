namespace ImagingClient;

/// <summary>
/// Provider options given by wire name, for any provider and any model: each entry sets the model's field of that
/// name (as <see cref="ImageModelCatalog"/> lists it), checked like a typed option record's before anything is sent.
/// For code that learns fields at run time (a command line, a form); code that knows its model uses the provider's
/// typed option record instead.
/// </summary>
/// <example>
/// <code>
/// new ImageGenerationRequest
/// {
///     Prompt = "A paper boat on a calm lake",
///     Model = "myprovider:my-model",
///     ProviderOptions = new ImageProviderFields("myprovider", new Dictionary&lt;string, object&gt; { ["guidance"] = 3.5 }),
/// };
/// </code>
/// </example>
/// <remarks>
/// Values are given as the validator takes them: <see cref="string"/>, <see cref="long"/> or <see cref="int"/>,
/// <see cref="double"/>, <see cref="bool"/>, a list of strings, a <see cref="Uri"/> for a URL, a <see cref="Guid"/> for a
/// UUID, an <see cref="ImageInput"/> (or a list of them) for an image. A name the model does not take, or a value of
/// the wrong kind, is an <see cref="ArgumentException"/> naming the model and the field.
/// </remarks>
public sealed record ImageProviderFields : ImageProviderOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="provider">The provider the model runs on, as in model ids (<c>"myprovider"</c>).</param>
    /// <param name="fields">The fields, by wire name.</param>
    public ImageProviderFields(string provider, IReadOnlyDictionary<string, object> fields)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentNullException.ThrowIfNull(fields);
        Provider = provider;
        Fields = fields;
    }

    /// <inheritdoc />
    public override string Provider { get; }

    /// <summary>The fields, by wire name.</summary>
    public IReadOnlyDictionary<string, object> Fields { get; }

    internal override void AddFields(Models.OptionFields fields)
    {
        foreach (var (name, value) in Fields)
        {
            if (value is null)
            {
                throw new ArgumentException($"{nameof(Fields)}[\"{name}\"] is null; leave the field out to send none.", nameof(Fields));
            }

            fields.Add($"{nameof(Fields)}[\"{name}\"]", name, value);
        }
    }
}
