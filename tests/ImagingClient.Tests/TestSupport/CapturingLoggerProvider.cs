using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ImagingClient.Tests.TestSupport;

/// <summary>One log call as it was made: its category, level, formatted text, every state value and the exception.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, string>> State, string? Exception)
{
    /// <summary>The state value of <paramref name="key"/>, or <see langword="null"/>.</summary>
    public string? this[string key] => State.FirstOrDefault(kv => kv.Key == key).Value;

    /// <summary>Everything the record carries, as text: to scan for what must never be logged.</summary>
    public IEnumerable<string> AllText() =>
        [Category, Message, .. State.Select(kv => kv.Key), .. State.Select(kv => kv.Value), Exception ?? string.Empty];
}

/// <summary>
/// Records every log call at every level, scopes included. Unlike a formatter-based fake it walks the structured state
/// itself: each key/value pair, and each item of a value that is a collection (an HTTP header's values), so a value
/// that the formatted text hides still shows up.
/// </summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _logs = new();

    public IReadOnlyList<CapturedLog> Logs => [.. _logs];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private static List<KeyValuePair<string, string>> Flatten(object? state)
    {
        var values = new List<KeyValuePair<string, string>>();
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                foreach (var text in Texts(value, depth: 0))
                {
                    values.Add(new(key, text));
                }
            }
        }
        else if (state is not null)
        {
            values.Add(new(string.Empty, state.ToString() ?? string.Empty));
        }

        return values;
    }

    private static IEnumerable<string> Texts(object? value, int depth)
    {
        if (value is null)
        {
            yield break;
        }

        yield return value.ToString() ?? string.Empty;
        if (value is IEnumerable items and not string && depth < 3)
        {
            foreach (var item in items)
            {
                if (item is KeyValuePair<string, object?> pair)
                {
                    yield return pair.Key;
                    foreach (var text in Texts(pair.Value, depth + 1))
                    {
                        yield return text;
                    }
                }
                else
                {
                    foreach (var text in Texts(item, depth + 1))
                    {
                        yield return text;
                    }
                }
            }
        }
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner._logs.Enqueue(new CapturedLog(category, LogLevel.None, default, "(scope) " + state, Flatten(state), null));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._logs.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception), Flatten(state), exception?.ToString()));
    }
}
