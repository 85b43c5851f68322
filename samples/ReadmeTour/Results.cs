// Results.cs
using ImagingClient;

static class Results
{
    public static async Task ShowAndSaveAsync(ImageResult result, string folder)
    {
        foreach (var image in result.Images)
        {
            switch (image)
            {
                case RemoteGeneratedImage remote:
                    Console.WriteLine($"{remote.Url} expires at {remote.ExpiresAt}");
                    break;
                case InlineGeneratedImage inline:
                    Console.WriteLine($"{inline.MediaType}, {inline.Data.Length} bytes");
                    break;
            }
        }

        ReadOnlyMemory<byte> bytes = await result.Images[0].GetBytesAsync();   // downloaded once, then kept
        if (ImageInfo.TryIdentify(bytes.Span, out var info))
        {
            Console.WriteLine($"{info.MediaType}, {info.Width}x{info.Height}");
        }

        await using Stream stream = await result.Images[0].OpenReadAsync();
        await result.Images[0].SaveAsync(Path.Combine(folder, "garden.png"));
    }
}
