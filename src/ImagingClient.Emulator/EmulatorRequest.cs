namespace ImagingClient.Emulator;

/// <summary>
/// One HTTP request received by an <see cref="ImagingEmulator"/>, as recorded on arrival, and the status it was
/// answered with once it was.
/// </summary>
public sealed class EmulatorRequest
{
    private int _statusCode;

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

    /// <summary>
    /// Gets the HTTP status code the emulator answered with, or <see langword="null"/> while the request is still being
    /// handled (a long poll, say). A handler that failed before answering counts as 500, as Kestrel sends it; a
    /// request the client gave up on keeps the status the emulator had set when it stopped.
    /// </summary>
    public int? StatusCode
    {
        get
        {
            var status = Volatile.Read(ref _statusCode);
            return status == 0 ? null : status;
        }
    }

    /// <inheritdoc />
    public override string ToString() => StatusCode is { } status ? $"{Method} {Path} -> {status}" : $"{Method} {Path}";

    /// <summary>Records the answer's status, once the handlers are done with the request.</summary>
    internal void Answered(int statusCode) => Volatile.Write(ref _statusCode, statusCode);
}
