namespace ImagingClient.Cli;

/// <summary>The exit codes of the <c>imaging</c> command; each is documented in <c>imaging --help</c> and the README.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (a bug, or the machine): the message says what.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage or input: an unknown option, a missing value, an unknown <c>--param</c>, a value the model refuses. Nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>The provider refused the request or the job failed, or it could not be reached.</summary>
    public const int Provider = 3;

    /// <summary>The job was still running when the wait ran out (<c>--timeout</c>); it goes on, and the resume token is printed.</summary>
    public const int Timeout = 4;

    /// <summary>An image was made but could not be saved; where it still is is printed.</summary>
    public const int SaveFailed = 5;

    /// <summary>Canceled (Ctrl+C); for a job, its id and resume token are printed.</summary>
    public const int Canceled = 130;

    /// <summary>The text of <c>imaging --help</c> that lists the codes.</summary>
    internal const string Help = """
        Exit codes:
          0    success
          1    unexpected failure
          2    bad usage or input (nothing was sent)
          3    provider or API error (refused, failed, unreachable)
          4    timed out waiting (the job goes on; its resume token is printed)
          5    an image was made but could not be saved (where it still is is printed)
          130  canceled (Ctrl+C; a job's id and resume token are printed)
        """;
}
