using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ImagingClient.Emulator.Hosting;

/// <summary>Response-writing helpers shared by every provider's routes.</summary>
internal static class HttpResponses
{
    public const string JsonContentType = "application/json";

    /// <summary>Writes a JSON body produced by <paramref name="write"/> with an exact Content-Length.</summary>
    public static async Task WriteJsonAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write, JsonWriterOptions options = default)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        await WriteBytesAsync(context, statusCode, JsonContentType, buffer.WrittenMemory).ConfigureAwait(false);
    }

    public static Task WriteTextAsync(HttpContext context, int statusCode, string contentType, string body) =>
        WriteBytesAsync(context, statusCode, contentType, Encoding.UTF8.GetBytes(body));

    public static async Task WriteBytesAsync(HttpContext context, int statusCode, string contentType, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        if (contentType.Length > 0)
        {
            response.ContentType = contentType;
        }

        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method) && body.Length > 0)
        {
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Writes an injected raw response (<see cref="EmulatorFaults.RespondNext"/>).</summary>
    public static Task WriteRawFaultAsync(HttpContext context, InjectedFault fault) =>
        WriteTextAsync(context, fault.StatusCode, fault.RawContentType ?? string.Empty, fault.RawBody ?? string.Empty);

    /// <summary>Adds <c>Retry-After</c> in whole seconds when the fault carries one.</summary>
    public static void AddRetryAfter(HttpContext context, InjectedFault fault)
    {
        if (fault.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
    }
}
