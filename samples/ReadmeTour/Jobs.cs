// Jobs.cs
using ImagingClient;
using ImagingClient.Providers.Kie;

static class Jobs
{
    public static async Task<ImageResult> PaperBoatAsync(IImageClient client)
    {
        var job = await client.StartGenerateAsync(new ImageGenerationRequest
        {
            Prompt = "A paper boat on a calm lake",
            Model = KieModels.FluxKontextPro,                 // "kie:flux-kontext-pro"
            AspectRatio = ImageAspectRatio.Landscape16x9,
            ProviderOptions = new KieFluxKontextOptions { PromptUpsampling = true },
        });
        string saved = job.ResumeToken!.ToString();           // store it: it is all another process needs

        var progress = new Progress<ImageJobProgress>(p => Console.WriteLine($"{p.JobId}: {p.Status} ({p.ProviderStatus})"));
        try
        {
            return await job.WaitForCompletionAsync(TimeSpan.FromMinutes(15), progress);
        }
        catch (ImagingApiException ex) when (ex.ErrorCode == ImagingErrorCode.StillRunning)
        {
            // Still running at Kie, not cancelled: pick it up again later, here or in another process.
            var resumed = await client.ResumeJobAsync(ImageJobToken.Parse(saved));
            return await resumed.WaitForCompletionAsync();
        }
    }
}
