using System.Collections.ObjectModel;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ImagingClient.Emulator.Hosting;

/// <summary>
/// Middleware that reads each request's body, records the request in the
/// <see cref="RequestLog"/>, hands the body on to the route handlers and records the status they answered.
/// </summary>
internal static class RequestRecorder
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, RequestLog log)
    {
        var request = context.Request;
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }

        context.Features.Set(new RecordedBody(body));

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        var path = request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        var recorded = new EmulatorRequest(request.Method, path, new ReadOnlyDictionary<string, string>(headers), Encoding.UTF8.GetString(body));
        log.Add(recorded);

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch
        {
            // Kestrel answers 500 for a handler that throws before its answer has started.
            recorded.Answered(context.Response.HasStarted ? context.Response.StatusCode : StatusCodes.Status500InternalServerError);
            throw;
        }

        recorded.Answered(context.Response.StatusCode);
    }
}
