using System.Globalization;

namespace ImagingClient.Cli;

/// <summary>
/// Turns <c>--param key=value</c> into <see cref="ImageProviderFields"/> for the chosen model: each key must be a field
/// the catalog lists for it (by wire name, option property or unified name, ignoring case), and each value is read as
/// that field's type. Anything else is a <see cref="CliUsageException"/> before anything is sent.
/// </summary>
internal static class ParamMapper
{
    public static ImageProviderFields? Map(IReadOnlyList<string> parameters, string model, ImageOperationKind operation)
    {
        if (parameters.Count == 0)
        {
            return null;
        }

        var info = ImageModelCatalog.FindModel(model, operation)
            ?? throw new CliUsageException(
                $"--param needs a model the catalog knows, and '{model}' is not one for {Describe(operation)} (its fields would go unchecked). 'imaging models' lists the models and their fields.");

        var fields = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliUsageException($"--param '{parameter}' is not in the form key=value.");
            }

            var key = parameter[..equals].Trim();
            var text = parameter[(equals + 1)..];
            var field = Find(info, key)
                ?? throw new CliUsageException(
                    $"--param '{key}': model '{info.QualifiedId}' takes no field of that name. Its fields: {string.Join(", ", Settable(info).Select(f => f.Name))}. ('imaging models --model {info.QualifiedId}' describes them.)");
            if (field.UnifiedField is nameof(ImageRequest.Prompt) or nameof(ImageEditRequest.Image))
            {
                throw new CliUsageException($"--param '{key}': the {field.UnifiedField.ToLowerInvariant()} is given as {(field.UnifiedField == nameof(ImageRequest.Prompt) ? "the command's argument" : "--image")}, not as a --param.");
            }

            if (!fields.TryAdd(field.Name, Read(field, key, text)))
            {
                throw new CliUsageException($"--param '{field.Name}' is given twice.");
            }
        }

        return new ImageProviderFields(info.Provider, fields);
    }

    private static IEnumerable<ImageModelFieldInfo> Settable(ImageModelInfo model) =>
        model.Fields.Where(f => f.UnifiedField is not (nameof(ImageRequest.Prompt) or nameof(ImageEditRequest.Image)));

    private static ImageModelFieldInfo? Find(ImageModelInfo model, string key) =>
        model.Field(key)
        ?? model.Fields.FirstOrDefault(f => string.Equals(f.OptionProperty, key, StringComparison.OrdinalIgnoreCase))
        ?? model.Fields.FirstOrDefault(f => string.Equals(f.UnifiedField, key, StringComparison.OrdinalIgnoreCase));

    private static object Read(ImageModelFieldInfo field, string key, string text)
    {
        switch (field.Type)
        {
            case ImageModelFieldType.WholeNumber:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
                    ? whole
                    : throw new CliUsageException($"--param {key}: '{field.Name}' takes a whole number; '{text}' is not one.");
            case ImageModelFieldType.Number:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? number
                    : throw new CliUsageException($"--param {key}: '{field.Name}' takes a number (such as 0.5); '{text}' is not one.");
            case ImageModelFieldType.Boolean:
                return bool.TryParse(text, out var flag)
                    ? flag
                    : throw new CliUsageException($"--param {key}: '{field.Name}' takes true or false; '{text}' is neither.");
            case ImageModelFieldType.TextList:
                return Split(text);
            case ImageModelFieldType.Image:
                return ImageArgument.Read(text, $"--param {key}");
            case ImageModelFieldType.ImageList:
                return Split(text).Select(item => ImageArgument.Read(item, $"--param {key}")).ToList();
            default:
                return text;
        }
    }

    private static List<string> Split(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static string Describe(ImageOperationKind operation) => operation == ImageOperationKind.Edit ? "edits" : "generation";
}

/// <summary>An image given on the command line: an http(s) URL, or a local file that must exist.</summary>
internal static class ImageArgument
{
    public static ImageInput Read(string text, string option)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return ImageInput.FromUri(url);
        }

        var path = Path.GetFullPath(text);
        return File.Exists(path)
            ? ImageInput.FromFile(path)
            : throw new CliUsageException($"{option}: '{text}' is neither an http(s) URL nor an existing file.");
    }
}
