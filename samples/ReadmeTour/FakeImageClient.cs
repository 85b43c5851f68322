// FakeImageClient.cs
using ImagingClient;

// A hand-written fake for tests: every call returns the same result, built as a provider would have built it.
sealed class FakeImageClient(ImageResult result) : IImageClient
{
    public static FakeImageClient ReturningPng(byte[] png) => new(ImagingModelFactory.ImageResult(
        [ImagingModelFactory.InlineImage(png, "image/png")],
        provider: "concurred",
        model: "imagen-4",
        requestId: "req_test"));

    public Task<ImageResult> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(result);

    public Task<ImageResult> EditAsync(ImageEditRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(result);

    public Task<ImageJob> StartGenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(ImagingModelFactory.CompletedJob(result));

    public Task<ImageJob> StartEditAsync(ImageEditRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(ImagingModelFactory.CompletedJob(result));

    public Task<ImageJob> ResumeJobAsync(ImageJobToken token, CancellationToken cancellationToken = default) =>
        Task.FromResult(ImagingModelFactory.CompletedJob(result, token.JobId));

    public void Dispose()
    {
    }
}
