namespace ImagingClient.Models;

/// <summary>
/// Decides, field by field, whether a unified field the caller set may be sent to the chosen model: throws (the default)
/// or drops it with a warning when the model does not take it. Collects the warnings for <see cref="ImageResult.Warnings"/>.
/// </summary>
internal sealed class RequestFieldGate(string provider, string model, UnsupportedFieldHandling handling)
{
    private readonly List<string> _warnings = [];

    public string Provider { get; } = provider;

    public string Model { get; } = model;

    public IReadOnlyList<string> Warnings => _warnings;

    public void Warn(string warning) => _warnings.Add(warning);

    /// <summary>
    /// Returns whether a field that is set may be sent. When <paramref name="supported"/> is false it throws, or warns
    /// and returns false, according to the configured handling.
    /// </summary>
    /// <param name="isSet">Whether the caller set the field; an unset field is never a problem.</param>
    /// <param name="supported">Whether the model takes it.</param>
    /// <param name="field">The unified field's name, such as <c>nameof(ImageRequest.Width)</c>.</param>
    /// <param name="whoTakesIt">A short phrase naming the models that do take it, for the message.</param>
    public bool Admit(bool isSet, bool supported, string field, string whoTakesIt)
    {
        if (!isSet || supported)
        {
            return isSet;
        }

        var message = $"Model '{Provider}:{Model}' does not take {field}; {whoTakesIt}.";
        if (handling == UnsupportedFieldHandling.Throw)
        {
            throw new ArgumentException(
                $"{message} Remove it, choose a model that takes it, or set UnsupportedFields = WarnAndDrop in the provider's options to drop it with a warning.",
                field);
        }

        _warnings.Add($"{message} It was not sent.");
        return false;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a set value lies outside [min, max].</summary>
    public void RequireRange(long? value, long min, long max, string field)
    {
        if (value is { } v && (v < min || v > max))
        {
            throw new ArgumentOutOfRangeException(
                field,
                v,
                $"{field} must be between {min} and {max} for model '{Provider}:{Model}'; it was {v}.");
        }
    }

    /// <summary>Checks that provider options, when given, belong to this provider, and returns them typed.</summary>
    public T? ProviderOptions<T>(ImageProviderOptions? options)
        where T : ImageProviderOptions
    {
        return options switch
        {
            null => null,
            T typed => typed,
            _ => throw new ArgumentException(
                $"ProviderOptions of type {options.GetType().Name} are for provider '{options.Provider}', but model '{Provider}:{Model}' runs on '{Provider}'. "
                + $"Use {typeof(T).Name}, or choose a '{options.Provider}:…' model.",
                nameof(ImageRequest.ProviderOptions)),
        };
    }
}
