using Microsoft.Extensions.Options;

namespace ImagingClient.DependencyInjection;

/// <summary>Validates a provider's settings when they are first read, with messages that say what to fix.</summary>
internal sealed class ProviderOptionsValidator<TOptions>(string displayName) : IValidateOptions<TOptions>
    where TOptions : ImagingProviderOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = options.Validate(displayName);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
