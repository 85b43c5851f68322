namespace ImagingClient.Tests.TestSupport;

/// <summary>The boilerplate of a forward-only, read-only stream; subclasses say what a read does.</summary>
internal abstract class ReadOnlyTestStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => 0; set => throw new NotSupportedException(); }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A body whose first read never completes until cancelled, as when a server stalls after its headers.</summary>
internal sealed class StallingStream : ReadOnlyTestStream
{
    private readonly TaskCompletionSource _readStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first read has begun.</summary>
    public Task ReadStarted => _readStarted.Task;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _readStarted.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }
}

/// <summary>A body that yields <paramref name="prefix"/>, then fails as a reset connection does.</summary>
internal sealed class BreakingStream(byte[] prefix) : ReadOnlyTestStream
{
    private bool _sentPrefix;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_sentPrefix || prefix.Length == 0)
        {
            throw new IOException("Connection reset by peer");
        }

        _sentPrefix = true;
        var count = Math.Min(prefix.Length, buffer.Length);
        prefix.AsSpan(0, count).CopyTo(buffer.Span);
        return ValueTask.FromResult(count);
    }
}
