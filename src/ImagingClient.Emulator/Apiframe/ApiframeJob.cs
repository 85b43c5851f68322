using ImagingClient.Emulator.Imaging;

namespace ImagingClient.Emulator.Apiframe;

/// <summary>What a job produces, which decides the result's shape and which Midjourney actions it allows.</summary>
internal enum ApiframeJobKind
{
    /// <summary>One or more images: <c>{"images":[...]}</c>.</summary>
    Images,

    /// <summary>A Midjourney grid: four images and the grid, <c>{"images":[4],"gridUrl":...}</c>; allows upsample and variation.</summary>
    MidjourneyGrid,

    /// <summary>A Midjourney upsample: one image; allows inpaint, outpaint and pan.</summary>
    MidjourneyUpsample,
}

/// <summary>The test hook a request selects with a marker in any of its strings (case-insensitive, first match wins in this order).</summary>
internal enum ApiframeHook
{
    /// <summary>No marker: the job completes.</summary>
    None,

    /// <summary><c>[never]</c>: the job stays <c>PROCESSING</c> (progress at most 99) forever.</summary>
    Never,

    /// <summary><c>[blocked]</c>: the job fails with a content-moderation error.</summary>
    Blocked,

    /// <summary><c>[fail]</c>: the job fails with a generation error.</summary>
    Fail,
}

/// <summary>A job's state at one instant.</summary>
/// <param name="Status">QUEUED, PROCESSING, COMPLETED or FAILED.</param>
/// <param name="Progress">0 while queued, rising while processing, 100 once completed, null once failed.</param>
/// <param name="Outcome">The terminal outcome, or null before it.</param>
internal sealed record ApiframeJobState(string Status, int? Progress, ApiframeOutcome? Outcome)
{
    public const string Queued = "QUEUED";
    public const string Processing = "PROCESSING";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";

    public bool IsTerminal => Outcome is not null;
}

/// <summary>A job's terminal outcome: its stored images (and grid) when completed, else the error.</summary>
internal sealed record ApiframeOutcome(IReadOnlyList<StoredImage> Images, StoredImage? Grid, string? Error, DateTimeOffset CompletedAt)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// One Apiframe job. It is <c>QUEUED</c> for the first eighth of its duration, then <c>PROCESSING</c>, and
/// terminal from <see cref="CompleteAt"/> on; the outcome is worked out the first time anyone looks at or after
/// that instant, exactly once. Thread-safe.
/// </summary>
internal sealed class ApiframeJob
{
    private readonly Lock _gate = new();
    private Func<ApiframeJob, IReadOnlyList<RgbImage>>? _render;
    private ApiframeOutcome? _outcome;
    private readonly List<ITimer> _timers = [];
    private bool _stopped;
    private bool _terminalClaimed;

    public ApiframeJob(ApiframeJobInit init)
    {
        Init = init;
        CompleteAt = init.CreatedAt + init.Duration;
        _render = init.Render;
    }

    public ApiframeJobInit Init { get; }

    public string Id => Init.Id;

    public string Model => Init.Model;

    public DateTimeOffset CreatedAt => Init.CreatedAt;

    /// <summary>When the job reaches its terminal state (never, for <see cref="ApiframeHook.Never"/>).</summary>
    public DateTimeOffset CompleteAt { get; }

    /// <summary>
    /// The state as of <paramref name="now"/>; the first call at or after <see cref="CompleteAt"/> builds the outcome
    /// with <paramref name="complete"/> (given the rendered images, or null for a failure) and later calls return it.
    /// </summary>
    public ApiframeJobState Observe(DateTimeOffset now, Func<ApiframeJob, IReadOnlyList<RgbImage>?, ApiframeOutcome> complete)
    {
        lock (_gate)
        {
            if (_outcome is null && Init.Hook != ApiframeHook.Never && now >= CompleteAt)
            {
                var images = Init.Hook == ApiframeHook.None ? _render!(this) : null;
                _outcome = complete(this, images);
                _render = null;
            }

            if (_outcome is { } outcome)
            {
                return outcome.Succeeded
                    ? new ApiframeJobState(ApiframeJobState.Completed, 100, outcome)
                    : new ApiframeJobState(ApiframeJobState.Failed, null, outcome);
            }

            var elapsed = now - Init.CreatedAt;
            var duration = Init.Duration;
            if (elapsed < duration / 8 || elapsed < TimeSpan.Zero)
            {
                return new ApiframeJobState(ApiframeJobState.Queued, 0, null);
            }

            var progress = duration <= TimeSpan.Zero ? 99 : (int)Math.Floor(100 * (elapsed / duration));
            return new ApiframeJobState(ApiframeJobState.Processing, Math.Clamp(progress, 1, 99), null);
        }
    }

    /// <summary>Keeps a timer of this job (progress or completion webhook), so it can be cancelled.</summary>
    public void AddTimer(ITimer timer)
    {
        bool dispose;
        lock (_gate)
        {
            dispose = _stopped;
            if (!dispose)
            {
                _timers.Add(timer);
            }
        }

        if (dispose)
        {
            timer.Dispose();
        }
    }

    /// <summary>Returns true exactly once, to whoever is first to send the terminal webhook.</summary>
    public bool TryClaimTerminalWebhook()
    {
        lock (_gate)
        {
            if (_terminalClaimed)
            {
                return false;
            }

            _terminalClaimed = true;
            return true;
        }
    }

    /// <summary>Stops the job's timers (the emulator is stopping or the job was evicted).</summary>
    public void StopTimers()
    {
        ITimer[] timers;
        lock (_gate)
        {
            _stopped = true;
            timers = [.. _timers];
            _timers.Clear();
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}

/// <summary>Everything a job is created with.</summary>
/// <param name="Id">The job id (a UUID).</param>
/// <param name="Sequence">The creation order, for listing newest first.</param>
/// <param name="Model">The model id the job reports.</param>
/// <param name="Kind">What it produces.</param>
/// <param name="InputJson">The request body as sent.</param>
/// <param name="Prompt">The prompt the images derive from (a Midjourney action's parent prompt when it has none).</param>
/// <param name="CreatedAt">When it was submitted.</param>
/// <param name="Duration">How long it takes.</param>
/// <param name="CreditCost">What it was charged.</param>
/// <param name="Hook">The test hook.</param>
/// <param name="WebhookUrl">Where webhooks go, or null.</param>
/// <param name="WebhookEvents">Which events are sent.</param>
/// <param name="Render">Renders the job's images (for a Midjourney grid, its four cells).</param>
internal sealed record ApiframeJobInit(
    string Id,
    long Sequence,
    string Model,
    ApiframeJobKind Kind,
    string InputJson,
    string Prompt,
    DateTimeOffset CreatedAt,
    TimeSpan Duration,
    int CreditCost,
    ApiframeHook Hook,
    Uri? WebhookUrl,
    IReadOnlySet<string> WebhookEvents,
    Func<ApiframeJob, IReadOnlyList<RgbImage>> Render);
