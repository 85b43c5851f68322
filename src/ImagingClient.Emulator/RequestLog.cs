namespace ImagingClient.Emulator;

/// <summary>
/// Thread-safe record of the requests an emulator received, oldest first. It keeps the most recent
/// <see cref="Capacity"/> requests, so a long standalone run does not grow without bound.
/// </summary>
internal sealed class RequestLog
{
    /// <summary>How many requests are kept.</summary>
    public const int Capacity = 10_000;

    private readonly Lock _gate = new();
    private readonly Queue<EmulatorRequest> _requests = new();

    public void Add(EmulatorRequest request)
    {
        lock (_gate)
        {
            if (_requests.Count == Capacity)
            {
                _requests.Dequeue();
            }

            _requests.Enqueue(request);
        }
    }

    public IReadOnlyList<EmulatorRequest> Snapshot()
    {
        lock (_gate)
        {
            return _requests.ToArray();
        }
    }
}
