namespace ImagingClient.Emulator;

/// <summary>
/// One HTTP request received by an <see cref="ImagingEmulator"/>, as recorded on arrival.
/// </summary>
public sealed class EmulatorRequest
{
    internal EmulatorRequest(string method, string path, IReadOnlyDictionary<string, string> headers, string body)
    {
        Method = method;
        Path = path;
        Headers = headers;
        Body = body;
    }

    /// <summary>Gets the HTTP method, for example <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>Gets the request path including the query string, for example <c>/files/abc.png?sig=0f</c>.</summary>
    public string Path { get; }

    /// <summary>
    /// Gets the request headers, looked up case-insensitively. A header sent with several
    /// values holds them joined with <c>", "</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets the request body decoded as UTF-8, or an empty string when there was none.</summary>
    public string Body { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path}";
}
