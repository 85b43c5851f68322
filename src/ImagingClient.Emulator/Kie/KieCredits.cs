namespace ImagingClient.Emulator.Kie;

/// <summary>The emulated account's credit balance. Thread-safe.</summary>
internal sealed class KieCredits(int initial)
{
    private readonly Lock _gate = new();
    private int _balance = initial;

    public int Balance
    {
        get
        {
            lock (_gate)
            {
                return _balance;
            }
        }
    }

    /// <summary>Takes <paramref name="cost"/> credits unless that would leave the balance below zero.</summary>
    public bool TryCharge(int cost)
    {
        lock (_gate)
        {
            if (_balance - cost < 0)
            {
                return false;
            }

            _balance -= cost;
            return true;
        }
    }
}
