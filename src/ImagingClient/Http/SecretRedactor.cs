namespace ImagingClient.Http;

/// <summary>Removes a secret from text that came from outside (a response body echoed into an exception message).</summary>
internal static class SecretRedactor
{
    public const string Placeholder = "[REDACTED]";

    public static string? Redact(string? text, string? secret)
    {
        if (string.IsNullOrEmpty(text) || string.IsNullOrEmpty(secret) || secret.Length < 4)
        {
            return text;
        }

        return text.Replace(secret, Placeholder, StringComparison.Ordinal);
    }
}
