using Microsoft.Extensions.Options;

namespace ImagingClient.DependencyInjection;

internal sealed class ImagingClientOptionsValidator : IValidateOptions<ImagingClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ImagingClientOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
