// Lenient.cs
using ImagingClient;
using Microsoft.Extensions.DependencyInjection;

static class Lenient
{
    public static IImageClient Create(string apiKey)
    {
        return ImageClient.Create(imaging => imaging.AddConcurred(o =>
        {
            o.ApiKey = apiKey;
            o.UnsupportedFields = UnsupportedFieldHandling.WarnAndDrop;   // result.Warnings says what was dropped
        }));
    }
}
