using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace ImagingClient.Cli;

/// <summary>
/// The <c>imaging</c> command: <c>generate</c>, <c>edit</c>, <c>models</c> and <c>job</c>. Results (saved paths, the
/// model listing) go to standard output; progress, notes and errors to standard error. Each provider's key and endpoint
/// come from <c>&lt;PROVIDER&gt;_API_KEY</c> and <c>&lt;PROVIDER&gt;_BASE_URL</c>; with neither, the embedded emulator
/// on 127.0.0.1 stands in for the provider, so nothing is charged.
/// </summary>
public static class ImagingCliApp
{
    /// <summary>Runs the command.</summary>
    /// <param name="args">The command line, without the program's name.</param>
    /// <param name="getEnvironmentVariable">Reads an environment variable.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where progress, notes and errors go.</param>
    /// <param name="timeProvider">The clock of the client and the embedded emulator; the system clock by default.</param>
    /// <param name="cancellationToken">Stops the run (Ctrl+C): a job goes on, and its id and resume token are printed.</param>
    /// <returns>One of <see cref="ExitCodes"/>.</returns>
    public static async Task<int> RunAsync(
        string[] args,
        Func<string, string?> getEnvironmentVariable,
        TextWriter stdout,
        TextWriter stderr,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var run = new CliRun(getEnvironmentVariable, stdout, stderr, timeProvider ?? TimeProvider.System);
        var parse = run.BuildCommand().Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}");
            }

            var command = parse.CommandResult.Command is RootCommand ? "imaging" : $"imaging {parse.CommandResult.Command.Name}";
            await stderr.WriteLineAsync($"Run '{command} --help' for usage.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,   // Program.cs turns Ctrl+C into the cancellation token.
        };
        return await parse.InvokeAsync(configuration, cancellationToken);
    }

    private sealed class CliRun(Func<string, string?> getEnvironmentVariable, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        private readonly Option<string> _model = new("--model", "-m") { Description = "The model as provider:model, such as kie:flux-kontext-pro ('imaging models' lists them)", Required = true };
        private readonly Option<string> _out = new("--out", "-o") { Description = "Where to save the image; with several images, name-1.ext, name-2.ext, …", Required = true };
        private readonly Option<string[]> _param = new("--param", "-p")
        {
            Description = "A field of the model as key=value (repeatable); 'imaging models --model <id>' lists the keys",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };

        private readonly Option<string?> _timeout = new("--timeout") { Description = "The longest wait for a job, such as 90s, 10m or 1h (default: the provider's, 10 minutes)" };
        private readonly Option<bool> _verbose = new("--verbose", "-v") { Description = "Print stack traces on failure" };

        public RootCommand BuildCommand()
        {
            var root = new RootCommand(
                "Generate and edit images through Concurred, Kie.ai, Apiframe and RelayGPU.\n\n"
                + "Each provider's key and endpoint come from <PROVIDER>_API_KEY and <PROVIDER>_BASE_URL (CONCURRED_, KIE_, APIFRAME_, RELAYGPU_); "
                + "with neither set, the embedded emulator on 127.0.0.1 stands in for the provider and nothing is charged.\n\n"
                + ExitCodes.Help);

            var generatePrompt = new Argument<string>("prompt") { Description = "What to draw" };
            var generate = new Command("generate", "Generate images from a prompt and save them") { generatePrompt, _model, _out, _param, _timeout, _verbose };
            generate.SetAction((parse, ct) => GuardAsync(parse, (p, c) => GenerateAsync(p, p.GetRequiredValue(generatePrompt), c), ct));

            var editPrompt = new Argument<string>("prompt") { Description = "The instruction, such as \"make it night\"" };
            var image = new Option<string>("--image", "-i") { Description = "The image to edit: a local file or an http(s) URL", Required = true };
            var edit = new Command("edit", "Edit an image by instruction and save the result") { editPrompt, image, _model, _out, _param, _timeout, _verbose };
            edit.SetAction((parse, ct) => GuardAsync(parse, (p, c) => EditAsync(p, p.GetRequiredValue(editPrompt), p.GetRequiredValue(image), c), ct));

            var provider = new Option<string?>("--provider") { Description = $"Only this provider's models ({string.Join(", ", ImageModelCatalog.Providers)})" };
            var model = new Option<string?>("--model", "-m") { Description = "Only this model (provider:model), with every detail of its fields" };
            var models = new Command("models", "List the models and the fields each takes (the keys of --param)") { provider, model };
            models.SetAction((parse, ct) => GuardAsync(parse, (p, _) => ModelsAsync(p.GetValue(provider), p.GetValue(model)), ct));

            var token = new Argument<string>("token") { Description = "The job's resume token (ijt1.…), as printed when it was started" };
            var job = new Command("job", "Re-attach to a job from its resume token, wait for it and save its images") { token, _out, _timeout, _verbose };
            job.SetAction((parse, ct) => GuardAsync(parse, (p, c) => ResumeAsync(p, p.GetRequiredValue(token), c), ct));

            root.Subcommands.Add(generate);
            root.Subcommands.Add(edit);
            root.Subcommands.Add(models);
            root.Subcommands.Add(job);
            return root;
        }

        private Task<int> GenerateAsync(ParseResult parse, string prompt, CancellationToken cancellationToken)
        {
            var model = parse.GetRequiredValue(_model);
            var request = new ImageGenerationRequest
            {
                Prompt = prompt,
                Model = model,
                WaitTimeout = Timeout(parse),
                ProviderOptions = ParamMapper.Map(parse.GetRequiredValue(_param), model, ImageOperationKind.Generate),
            };
            return RunJobAsync(parse, model, (client, ct) => client.StartGenerateAsync(request, ct), cancellationToken);
        }

        private Task<int> EditAsync(ParseResult parse, string prompt, string image, CancellationToken cancellationToken)
        {
            var model = parse.GetRequiredValue(_model);
            var request = new ImageEditRequest
            {
                Prompt = prompt,
                Model = model,
                Image = ImageArgument.Read(image, "--image"),
                WaitTimeout = Timeout(parse),
                ProviderOptions = ParamMapper.Map(parse.GetRequiredValue(_param), model, ImageOperationKind.Edit),
            };
            return RunJobAsync(parse, model, (client, ct) => client.StartEditAsync(request, ct), cancellationToken);
        }

        private async Task<int> ResumeAsync(ParseResult parse, string text, CancellationToken cancellationToken)
        {
            if (!ImageJobToken.TryParse(text, out var token))
            {
                throw new CliUsageException($"'{Shorten(text)}' is not a resume token (they start with ijt1.).");
            }

            await using var connection = await ProviderConnection.ConnectAsync(token.Provider, getEnvironmentVariable, stderr, time, allowEmbeddedEmulator: false, cancellationToken);
            ImageJob? job = null;
            try
            {
                job = await connection.Client.ResumeJobAsync(token, cancellationToken);
                await stderr.WriteLineAsync($"Re-attached to {job.Provider} job {job.Id}: {job.Status}{(job.ProviderStatus is null ? string.Empty : $" ({job.ProviderStatus})")}");
                return await WaitAndSaveAsync(parse, job, connection, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return await CanceledAsync(job?.Id ?? token.JobId, job?.ResumeToken ?? token, connection);
            }
        }

        private async Task<int> RunJobAsync(ParseResult parse, string model, Func<IImageClient, CancellationToken, Task<ImageJob>> start, CancellationToken cancellationToken)
        {
            await using var connection = await ProviderConnection.ConnectAsync(ProviderOf(model), getEnvironmentVariable, stderr, time, allowEmbeddedEmulator: true, cancellationToken);
            ImageJob? job = null;
            try
            {
                job = await start(connection.Client, cancellationToken);
                if (!job.IsCompleted)
                {
                    await stderr.WriteLineAsync($"Job {job.Id} accepted by {job.Provider}; waiting (Ctrl+C stops waiting; the job goes on).");
                    await stderr.WriteLineAsync($"resume token: {job.ResumeToken}");
                }

                return await WaitAndSaveAsync(parse, job, connection, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (job is null)
                {
                    await stderr.WriteLineAsync("canceled before the provider answered: if it had accepted the job, its id is unknown here.");
                    return ExitCodes.Canceled;
                }

                return await CanceledAsync(job.Id, job.ResumeToken, connection);
            }
        }

        private async Task<int> CanceledAsync(string jobId, ImageJobToken? token, ProviderConnection connection)
        {
            await stderr.WriteLineAsync("canceled: stopped waiting; the job was not cancelled at the provider.");
            await stderr.WriteLineAsync($"job id: {jobId}");
            if (token is not null)
            {
                await stderr.WriteLineAsync($"resume token: {token}");
                await stderr.WriteLineAsync(connection.IsEmbeddedEmulator
                    ? "(this job ran on the embedded emulator, which stops with this run, so it cannot be resumed)"
                    : $"resume with: imaging job {token} --out <path>");
            }

            return ExitCodes.Canceled;
        }

        private async Task<int> WaitAndSaveAsync(ParseResult parse, ImageJob job, ProviderConnection connection, CancellationToken cancellationToken)
        {
            var progress = new StatusWriter(stderr);
            var result = Timeout(parse) is { } timeout
                ? await job.WaitForCompletionAsync(timeout, progress, cancellationToken)
                : await job.WaitForCompletionAsync(progress, cancellationToken);
            foreach (var warning in result.Warnings)
            {
                await stderr.WriteLineAsync($"warning: {warning}");
            }

            var output = parse.GetRequiredValue(_out);
            for (var i = 0; i < result.Images.Count; i++)
            {
                var image = result.Images[i];
                try
                {
                    var bytes = await image.GetBytesAsync(cancellationToken);
                    var info = ImageInfo.TryIdentify(bytes.Span, out var identified) ? identified : new ImageInfo(ImageInfo.UnknownMediaType, 0, 0);
                    var path = Path.GetFullPath(OutputPath(output, i, result.Images.Count));
                    await image.SaveAsync(path, cancellationToken);
                    await stdout.WriteLineAsync(path);
                    await stderr.WriteLineAsync($"Saved {path} ({info.Width} x {info.Height} px, {info.MediaType}) from {result.Provider}:{result.Model}{(result.RequestId is null ? string.Empty : $", request {result.RequestId}")}");
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ImagingApiException)
                {
                    // The image is paid for: say where it still is before giving up.
                    await stderr.WriteLineAsync($"error: image {i + 1} of {result.Images.Count} could not be saved: {ex.Message}");
                    await stderr.WriteLineAsync(image is RemoteGeneratedImage remote
                        ? $"the image is still at {remote.Url}{(remote.ExpiresAt is { } expires ? $" until {expires:u}" : string.Empty)}"
                        : job.ResumeToken is { } token && !connection.IsEmbeddedEmulator
                            ? $"the image was received inline; fetch it again with: imaging job {token} --out <path>"
                            : "the image was received inline and is lost with this run; choose another --out and run again");
                    await WriteDetailsAsync(parse, ex);
                    return ExitCodes.SaveFailed;
                }
            }

            return ExitCodes.Success;
        }

        private async Task<int> ModelsAsync(string? provider, string? model)
        {
            IReadOnlyList<ImageModelInfo> models;
            if (model is not null)
            {
                models = [.. new[] { ImageOperationKind.Generate, ImageOperationKind.Edit, ImageOperationKind.Upscale, ImageOperationKind.RemoveBackground, ImageOperationKind.FollowUp }
                    .Select(operation => ImageModelCatalog.FindModel(model, operation))
                    .OfType<ImageModelInfo>()
                    .Where(m => provider is null || string.Equals(m.Provider, provider, StringComparison.OrdinalIgnoreCase))];
                if (models.Count == 0)
                {
                    throw new CliUsageException($"The catalog has no model '{model}'{(provider is null ? string.Empty : $" of {provider}")}. 'imaging models' lists them all.");
                }
            }
            else
            {
                models = ImageModelCatalog.GetModels(provider);
            }

            foreach (var entry in models)
            {
                await stdout.WriteLineAsync($"{entry.QualifiedId}  {entry.Operation.ToString().ToLowerInvariant()}{(entry.IsDefault ? " (default)" : string.Empty)}  family {entry.Family}{(entry.Aliases.Count == 0 ? string.Empty : $"  aliases {string.Join(", ", entry.Aliases)}")}");
                foreach (var field in entry.Fields)
                {
                    await stdout.WriteLineAsync($"    {field.Name,-24} {Describe(field, detailed: model is not null)}");
                }
            }

            return ExitCodes.Success;
        }

        private static string Describe(ImageModelFieldInfo field, bool detailed)
        {
            var parts = new List<string> { TypeName(field.Type) };
            if (field.Required)
            {
                parts.Add("required");
            }

            if (field.Minimum is not null || field.Maximum is not null)
            {
                parts.Add($"{Show(field.Minimum) ?? "…"}–{Show(field.Maximum) ?? "…"}");
            }

            if (field.AllowedValues is { } allowed)
            {
                parts.Add(detailed || allowed.Count <= 8 ? $"one of {string.Join(", ", allowed)}" : $"one of {string.Join(", ", allowed.Take(8))}, … ({allowed.Count})");
            }

            if (field.MaxLength is { } longest)
            {
                parts.Add(field.Type is ImageModelFieldType.TextList or ImageModelFieldType.ImageList ? $"at most {longest} entries" : $"at most {longest} characters");
            }

            if (detailed && field.Pattern is { } pattern)
            {
                parts.Add($"matching {pattern}");
            }

            if (field.Default is { } value)
            {
                parts.Add($"default {(value is bool flag ? (flag ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture))}");
            }

            if (field.UnifiedField is { } unified)
            {
                parts.Add($"= {unified}");
            }

            return string.Join("; ", parts);
        }

        private static string TypeName(ImageModelFieldType type) => type switch
        {
            ImageModelFieldType.WholeNumber => "integer",
            ImageModelFieldType.Number => "number",
            ImageModelFieldType.Boolean => "true|false",
            ImageModelFieldType.Url => "url",
            ImageModelFieldType.Image => "image (file or url)",
            ImageModelFieldType.TextList => "list (a,b,c)",
            ImageModelFieldType.Uuid => "uuid",
            ImageModelFieldType.ImageList => "images (a,b,c)",
            _ => "text",
        };

        private static string? Show(double? number) => number?.ToString(CultureInfo.InvariantCulture);

        /// <summary>Runs a command's body and turns every failure into its message and exit code.</summary>
        private async Task<int> GuardAsync(ParseResult parse, Func<ParseResult, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
        {
            try
            {
                return await body(parse, cancellationToken);
            }
            catch (CliUsageException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Usage;
            }
            catch (ImagingApiException ex) when (ex.ErrorCode == ImagingErrorCode.StillRunning || ex.ErrorCode == ImagingErrorCode.Timeout)
            {
                await stderr.WriteLineAsync($"error: {ex.ErrorCode}: {ex.Message}");
                await WriteJobAsync(ex);
                return ExitCodes.Timeout;
            }
            catch (ImagingApiException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.ErrorCode}{(ex.ProviderErrorCode is null ? string.Empty : $" ({ex.ProviderErrorCode})")}: {ex.Message}");
                if (ex.RequestId is not null)
                {
                    await stderr.WriteLineAsync($"request id: {ex.RequestId}");
                }

                await WriteJobAsync(ex);
                await WriteDetailsAsync(parse, ex);
                return ExitCodes.Provider;
            }
            catch (Exception ex) when (ex is ArgumentException or OptionsValidationException or FormatException)
            {
                await stderr.WriteLineAsync($"error: invalid input: {Plain(ex)}");
                await WriteDetailsAsync(parse, ex);
                return ExitCodes.Usage;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await stderr.WriteLineAsync("canceled");
                return ExitCodes.Canceled;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}");
                await WriteDetailsAsync(parse, ex);
                return ExitCodes.Failure;
            }
        }

        /// <summary>
        /// A validation message as a command line says it: without .NET's "(Parameter …)" and "Actual value was …"
        /// lines, and with a --param named as the user wrote it.
        /// </summary>
        private static string Plain(Exception ex)
        {
            var message = ex.Message;
            if (ex is ArgumentException { ParamName: { } name })
            {
                var suffix = message.IndexOf($" (Parameter '{name}')", StringComparison.Ordinal);
                message = suffix >= 0 ? message[..suffix] : message;
            }

            return System.Text.RegularExpressions.Regex.Replace(message, @"ImageProviderFields\.Fields\[""([^""]+)""\]", "--param $1");
        }

        private async Task WriteJobAsync(ImagingApiException ex)
        {
            if (ex.JobId is not null)
            {
                await stderr.WriteLineAsync($"job id: {ex.JobId}");
            }

            if (ex.ResumeToken is not null)
            {
                await stderr.WriteLineAsync($"resume token: {ex.ResumeToken}");
                await stderr.WriteLineAsync($"resume with: imaging job {ex.ResumeToken} --out <path>");
            }
        }

        private async Task WriteDetailsAsync(ParseResult parse, Exception ex)
        {
            if (parse.GetResult(_verbose) is not null && parse.GetValue(_verbose))
            {
                await stderr.WriteLineAsync(ex.ToString());
            }
        }

        private TimeSpan? Timeout(ParseResult parse)
        {
            if (parse.GetResult(_timeout) is null || parse.GetValue(_timeout) is not { } text)
            {
                return null;
            }

            var unit = text.Length > 0 ? text[^1] : ' ';
            var (digits, scale) = unit switch
            {
                's' => (text[..^1], 1d),
                'm' => (text[..^1], 60d),
                'h' => (text[..^1], 3600d),
                _ => (text, 1d),
            };
            return double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value * scale <= TimeSpan.FromDays(1).TotalSeconds
                ? TimeSpan.FromSeconds(value * scale)
                : throw new CliUsageException($"--timeout '{text}' is not a duration such as 90s, 10m or 1h (at most a day).");
        }

        private static string ProviderOf(string model)
        {
            var colon = model.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new CliUsageException($"--model '{model}' needs its provider, as provider:model (such as kie:flux-kontext-pro); the providers are {string.Join(", ", ImageModelCatalog.Providers)}.");
            }

            var provider = model[..colon].Trim().ToLowerInvariant();
            return ImageModelCatalog.Providers.Contains(provider)
                ? provider
                : throw new CliUsageException($"--model '{model}': no provider is named '{provider}'; the providers are {string.Join(", ", ImageModelCatalog.Providers)}.");
        }

        private static string OutputPath(string requested, int index, int count)
        {
            if (count == 1)
            {
                return requested;
            }

            var folder = Path.GetDirectoryName(requested);
            var name = $"{Path.GetFileNameWithoutExtension(requested)}-{index + 1}{Path.GetExtension(requested)}";
            return string.IsNullOrEmpty(folder) ? name : Path.Combine(folder, name);
        }

        private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
    }

    /// <summary>Prints each status change of a job as it is reported, one line each, so it reads well in a terminal and a log alike.</summary>
    private sealed class StatusWriter(TextWriter stderr) : IProgress<ImageJobProgress>
    {
        private string? _last;

        public void Report(ImageJobProgress value)
        {
            var line = $"  {value.Status}{(value.ProviderStatus is null ? string.Empty : $" ({value.ProviderStatus})")}{(value.Progress is { } p ? string.Create(CultureInfo.InvariantCulture, $" {p * 100:0}%") : string.Empty)}";
            if (line != _last)
            {
                _last = line;
                stderr.WriteLine(line);
            }
        }
    }
}
