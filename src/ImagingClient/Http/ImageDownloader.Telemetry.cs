using ImagingClient.Diagnostics;

namespace ImagingClient.Http;

/// <summary>The downloader's entry points, each one <c>download</c> operation of <see cref="ImagingTelemetry"/>.</summary>
internal sealed partial class ImageDownloader
{
    /// <summary>Where downloads are traced, measured and logged; the static telemetry for a downloader built without dependency injection.</summary>
    internal ImagingTelemetry Telemetry { get; init; } = ImagingTelemetry.Shared;

    /// <summary>Downloads a result image into memory, under the download deadline and size cap.</summary>
    public async Task<DownloadedImage> DownloadAsync(Uri url, DateTimeOffset? expiresAt, string provider, CancellationToken cancellationToken)
    {
        var telemetry = Telemetry;
        var scope = telemetry.Start(ImagingTelemetry.Operations.Download, provider, model: null, url);
        try
        {
            var image = await DownloadCoreAsync(url, expiresAt, provider, cancellationToken).ConfigureAwait(false);
            telemetry.CountDownloadBytes(provider, image.Data.Length);
            telemetry.Succeeded(scope);
            return image;
        }
        catch (Exception ex)
        {
            telemetry.Failed(scope, ex);
            throw;
        }
    }

    /// <summary>Opens a result image as a stream; the operation ends when the response has arrived.</summary>
    public async Task<Stream> OpenReadAsync(Uri url, DateTimeOffset? expiresAt, string provider, CancellationToken cancellationToken)
    {
        var telemetry = Telemetry;
        var scope = telemetry.Start(ImagingTelemetry.Operations.Download, provider, model: null, url);
        try
        {
            var stream = await OpenReadCoreAsync(url, expiresAt, provider, cancellationToken).ConfigureAwait(false);
            telemetry.Succeeded(scope);
            return telemetry.CountsDownloadBytes ? new ByteCountingStream(stream, telemetry, provider) : stream;
        }
        catch (Exception ex)
        {
            telemetry.Failed(scope, ex);
            throw;
        }
    }

    /// <summary>Downloads a result image straight into a stream, under the download deadline and size cap; returns its media type.</summary>
    public async Task<string> DownloadToAsync(Uri url, DateTimeOffset? expiresAt, string provider, Stream destination, CancellationToken cancellationToken)
    {
        var telemetry = Telemetry;
        var scope = telemetry.Start(ImagingTelemetry.Operations.Download, provider, model: null, url);
        try
        {
            var (mediaType, length) = await DownloadToCoreAsync(url, expiresAt, provider, destination, cancellationToken).ConfigureAwait(false);
            telemetry.CountDownloadBytes(provider, length);
            telemetry.Succeeded(scope);
            return mediaType;
        }
        catch (Exception ex)
        {
            telemetry.Failed(scope, ex);
            throw;
        }
    }

    /// <summary>A read-only stream that counts the bytes read through it as downloaded bytes.</summary>
    private sealed class ByteCountingStream(Stream inner, ImagingTelemetry telemetry, string provider) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException("A downloaded image's stream cannot seek.");
        }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Counted(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A downloaded image's stream cannot seek.");

        public override void SetLength(long value) => throw new NotSupportedException("A downloaded image's stream is read-only.");

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A downloaded image's stream is read-only.");

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Counted(int read)
        {
            telemetry.CountDownloadBytes(provider, read);
            return read;
        }
    }
}
