using System.Globalization;
using System.Text.Json;

namespace ImagingClient.Emulator.RelayGpu;

/// <summary>The test hook a prompt selects with a marker (any case; the first of these that appears wins).</summary>
internal enum RelayGpuHook
{
    None,

    /// <summary><c>[blocked]</c>: declined by the content policy (<c>CONTENT_POLICY_DECLINED</c>).</summary>
    Blocked,

    /// <summary><c>[no-output]</c>: the provider answered without an image (<c>IMAGE_NO_OUTPUT</c>).</summary>
    NoOutput,

    /// <summary><c>[fail]</c>: the provider failed (<c>UPSTREAM_ERROR</c>).</summary>
    Fail,
}

/// <summary>A task's failure: the message, code and <c>error_detail</c> (raw JSON or null).</summary>
internal sealed record RelayGpuFailure(int Status, string Code, string Message, string? DetailJson);

/// <summary>A task's terminal outcome: the result members (without <c>success</c>) when completed, else the failure.</summary>
internal sealed record RelayGpuOutcome(Action<Utf8JsonWriter>? WriteResultMembers, RelayGpuFailure? Failure)
{
    public bool Succeeded => Failure is null;
}

/// <summary>Everything a task is created with.</summary>
internal sealed record RelayGpuTaskInit(
    string Id,
    RelayGpuRoute Route,
    string Model,
    DateTimeOffset CreatedAt,
    TimeSpan Duration,
    TimeSpan Retention,
    decimal Cost,
    RelayGpuHook Hook,
    Uri? WebhookUrl,
    Func<RelayGpuTask, RelayGpuOutcome> Complete);

/// <summary>
/// One RelayGPU task (<c>direct:&lt;uuid&gt;</c>): <c>queued</c> for the first sixth of its duration, then
/// <c>running</c>, then terminal from <see cref="CompleteAt"/>; the outcome is worked out the first time anyone looks at
/// or after that instant, exactly once. The record (and its links) lives until <see cref="ExpiresAt"/>. Thread-safe.
/// </summary>
internal sealed class RelayGpuTask
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    private readonly Lock _gate = new();
    private RelayGpuOutcome? _outcome;
    private ITimer? _timer;
    private bool _webhookClaimed;
    private bool _stopped;

    public RelayGpuTask(RelayGpuTaskInit init)
    {
        Init = init;
        CompleteAt = init.CreatedAt + init.Duration;
    }

    public RelayGpuTaskInit Init { get; }

    public string Id => Init.Id;

    public DateTimeOffset CompleteAt { get; }

    /// <summary>When the record and its links vanish.</summary>
    public DateTimeOffset ExpiresAt => CompleteAt + Init.Retention;

    /// <summary>The state at <paramref name="now"/>; the first look at or after <see cref="CompleteAt"/> builds the outcome.</summary>
    public (string Status, RelayGpuOutcome? Outcome) Observe(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_outcome is null && now >= CompleteAt)
            {
                _outcome = Init.Complete(this);
            }

            if (_outcome is { } outcome)
            {
                return (outcome.Succeeded ? Completed : Failed, outcome);
            }

            return (now - Init.CreatedAt < Init.Duration / 6 ? Queued : Running, null);
        }
    }

    /// <summary>Whole seconds since creation, frozen at the terminal state.</summary>
    public long ElapsedSeconds(DateTimeOffset now) =>
        (long)Math.Floor(((now < CompleteAt ? now : CompleteAt) - Init.CreatedAt).TotalSeconds);

    /// <summary>The creation instant as the service writes it: ISO 8601 with microseconds and <c>+00:00</c>.</summary>
    public string CreatedAtText => Init.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>Returns true exactly once, to whoever is first to send the terminal webhook.</summary>
    public bool TryClaimWebhook()
    {
        lock (_gate)
        {
            if (_webhookClaimed)
            {
                return false;
            }

            _webhookClaimed = true;
            return true;
        }
    }

    /// <summary>Keeps the completion timer so it can be cancelled.</summary>
    public void SetTimer(ITimer timer)
    {
        bool dispose;
        lock (_gate)
        {
            dispose = _stopped;
            if (!dispose)
            {
                _timer = timer;
            }
        }

        if (dispose)
        {
            timer.Dispose();
        }
    }

    /// <summary>Stops the completion timer (the emulator is stopping, or the task was forgotten).</summary>
    public void Stop()
    {
        ITimer? timer;
        lock (_gate)
        {
            _stopped = true;
            timer = _timer;
            _timer = null;
        }

        timer?.Dispose();
    }
}
