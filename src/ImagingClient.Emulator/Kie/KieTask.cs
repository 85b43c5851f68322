namespace ImagingClient.Emulator.Kie;

/// <summary>The test hook a prompt selects (markers matched case-insensitively, first match wins in this order).</summary>
internal enum KieHook
{
    /// <summary>No marker: the task succeeds.</summary>
    None,

    /// <summary><c>[never]</c>: the task stays generating (<c>successFlag</c> 0) forever.</summary>
    Never,

    /// <summary><c>[blocked]</c>: <c>successFlag</c> 3, <c>errorCode</c> 400 (content policy).</summary>
    Blocked,

    /// <summary><c>[create-fail]</c>: <c>successFlag</c> 2, <c>errorCode</c> 500.</summary>
    CreateFail,

    /// <summary><c>[fail]</c>: <c>successFlag</c> 3, <c>errorCode</c> 501.</summary>
    Fail,
}

/// <summary>A task's terminal state. The URLs are null unless <see cref="SuccessFlag"/> is 1.</summary>
internal sealed record KieOutcome(int SuccessFlag, int? ErrorCode, string ErrorMessage, Uri? OriginImageUrl, Uri? ResultImageUrl)
{
    public const int Generating = 0;
    public const int Success = 1;
    public const int CreateTaskFailed = 2;
    public const int GenerateFailed = 3;
}

/// <summary>
/// One Flux Kontext task. It is generating until <see cref="CompleteTime"/> (creation plus
/// <see cref="KieEmulatorOptions.TaskDuration"/>); its outcome is worked out the first time
/// anyone looks at or after that instant, exactly once. Thread-safe.
/// </summary>
internal sealed class KieTask
{
    private readonly Lock _gate = new();
    private KieOutcome? _outcome;
    private byte[]? _sourcePng;
    private ITimer? _timer;
    private bool _callbackClaimed;

    public KieTask(string id, string paramJson, KieGenerateRequest request, DateTimeOffset createTime, TimeSpan duration, byte[]? sourcePng)
    {
        Id = id;
        ParamJson = paramJson;
        Request = request;
        CreateTime = createTime;
        CompleteTime = createTime + duration;
        Hook = HookOf(request.Prompt);
        _sourcePng = sourcePng;
    }

    public string Id { get; }

    /// <summary>The submitted request body, verbatim.</summary>
    public string ParamJson { get; }

    public KieGenerateRequest Request { get; }

    public DateTimeOffset CreateTime { get; }

    /// <summary>When the task leaves the generating state (never, for <see cref="KieHook.Never"/>).</summary>
    public DateTimeOffset CompleteTime { get; }

    public KieHook Hook { get; }

    public static KieHook HookOf(string prompt)
    {
        if (prompt.Contains("[never]", StringComparison.OrdinalIgnoreCase))
        {
            return KieHook.Never;
        }

        if (prompt.Contains("[blocked]", StringComparison.OrdinalIgnoreCase))
        {
            return KieHook.Blocked;
        }

        if (prompt.Contains("[create-fail]", StringComparison.OrdinalIgnoreCase))
        {
            return KieHook.CreateFail;
        }

        return prompt.Contains("[fail]", StringComparison.OrdinalIgnoreCase) ? KieHook.Fail : KieHook.None;
    }

    /// <summary>
    /// The outcome as of <paramref name="now"/>: null while generating; otherwise the terminal state, which
    /// <paramref name="complete"/> builds the first time (with the edit source, if any) and every later call returns.
    /// </summary>
    public KieOutcome? Observe(DateTimeOffset now, Func<KieTask, byte[]?, KieOutcome> complete)
    {
        lock (_gate)
        {
            if (_outcome is null && Hook != KieHook.Never && now >= CompleteTime)
            {
                _outcome = complete(this, _sourcePng);
                _sourcePng = null;
            }

            return _outcome;
        }
    }

    /// <summary>Keeps the timer that will announce completion, so it can be cancelled.</summary>
    public void SetTimer(ITimer timer)
    {
        bool dispose;
        lock (_gate)
        {
            dispose = _callbackClaimed;
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

    /// <summary>Returns true exactly once, to whoever is first to send the callback; stops the timer.</summary>
    public bool TryClaimCallback()
    {
        ITimer? timer;
        lock (_gate)
        {
            if (_callbackClaimed)
            {
                return false;
            }

            _callbackClaimed = true;
            timer = _timer;
            _timer = null;
        }

        timer?.Dispose();
        return true;
    }

    /// <summary>Stops the completion timer, if any (the emulator is stopping or the task was evicted).</summary>
    public void StopTimer()
    {
        ITimer? timer;
        lock (_gate)
        {
            timer = _timer;
            _timer = null;
        }

        timer?.Dispose();
    }
}
