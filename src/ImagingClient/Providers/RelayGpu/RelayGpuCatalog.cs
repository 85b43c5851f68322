using System.Collections.Frozen;
using ImagingClient.Models;

namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// RelayGPU's image models as data, written by hand from its public API specification (RelayGPU publishes no schema
/// the SDK reads at build time): one route per model family, each with its own strict fields (RelayGPU refuses an
/// unknown field with a 422), the models on it, and what every image route shares.
/// </summary>
/// <remarks>
/// The base64 routes (flux, gemini-3, gpt-image, gpt-image-2, automatic1111) answer <c>images</c>; the URL routes
/// (qwen, seedream-5-0-pro, wan-2-7-image-pro) answer <c>urls</c> and alone take <c>store_output</c>. The client reads
/// either answer on every route. Local images are sent inline (bare base64 or a data URI, as each field takes them);
/// RelayGPU has no upload route.
/// </remarks>
internal static class RelayGpuCatalog
{
    public const string DefaultGenerationModel = "Qwen/qwen-image";
    public const string DefaultEditModel = "Qwen/qwen-image-edit";

    /// <summary>The id of the Stable Diffusion route; <c>automatic1111/&lt;checkpoint&gt;</c> picks a checkpoint.</summary>
    public const string Automatic1111Id = "automatic1111";

    /// <summary>The checkpoint the original page gives as the Stable Diffusion route's default.</summary>
    public const string DefaultCheckpoint = "Realistic_Vision_V5.1.safetensors";

    /// <summary>The family of <c>v2/image/flux/generate</c>.</summary>
    public const string FluxFamily = "flux";

    /// <summary>The family of <c>v2/image/gemini-3/generate</c>.</summary>
    public const string GeminiFamily = "gemini-3";

    /// <summary>The family of <c>v2/image/gpt-image/generate</c> and <c>v2/image/gpt-image/edit</c>.</summary>
    public const string GptImageFamily = "gpt-image";

    /// <summary>The family of <c>v2/image/gpt-image-2/generate</c>.</summary>
    public const string GptImage2Family = "gpt-image-2";

    /// <summary>The family of <c>v2/image/qwen/generate</c> and <c>v2/image/qwen/edit</c>.</summary>
    public const string QwenFamily = "qwen";

    /// <summary>The family of <c>v2/image/seedream-5-0-pro/generate</c>.</summary>
    public const string SeedreamFamily = "seedream-5-0-pro";

    /// <summary>The family of <c>v2/image/wan-2-7-image-pro/generate</c>.</summary>
    public const string WanFamily = "wan-2-7-image-pro";

    /// <summary>The family of <c>v2/automatic1111/sdapi/v1/txt2img</c>.</summary>
    public const string Automatic1111Family = "automatic1111";

    /// <summary>The family of an id the catalog does not know.</summary>
    public const string UnknownFamily = "unknown";

    /// <summary>How long RelayGPU hosts a result (its URLs and its task record) unless <c>store_output</c> asks for longer.</summary>
    public static readonly TimeSpan DefaultResultLifetime = TimeSpan.FromHours(1);

    /// <summary>What RelayGPU takes of local images: inline, at most 20 MB, PNG, JPEG, WebP or GIF.</summary>
    public static readonly LocalImagePolicy LocalImages = new(20 * 1024 * 1024, ["image/png", "image/jpeg", "image/webp", "image/gif"]);

    public static readonly RouteSpec FluxRoute = Route("v2/image/flux/generate", modelInBody: true, ImageShape.Base64Strings);
    public static readonly RouteSpec GeminiRoute = Route("v2/image/gemini-3/generate", modelInBody: true, ImageShape.Base64Strings);
    public static readonly RouteSpec GptImageGenerateRoute = Route("v2/image/gpt-image/generate", modelInBody: false, ImageShape.Base64Strings);
    public static readonly RouteSpec GptImageEditRoute = Route("v2/image/gpt-image/edit", modelInBody: false, ImageShape.Base64Strings);
    public static readonly RouteSpec GptImage2Route = Route("v2/image/gpt-image-2/generate", modelInBody: true, ImageShape.Base64Strings);
    public static readonly RouteSpec QwenGenerateRoute = Route("v2/image/qwen/generate", modelInBody: true, ImageShape.UrlStrings);
    public static readonly RouteSpec QwenEditRoute = Route("v2/image/qwen/edit", modelInBody: true, ImageShape.UrlStrings);
    public static readonly RouteSpec SeedreamRoute = Route("v2/image/seedream-5-0-pro/generate", modelInBody: true, ImageShape.UrlStrings);
    public static readonly RouteSpec WanRoute = Route("v2/image/wan-2-7-image-pro/generate", modelInBody: true, ImageShape.UrlStrings);

    /// <summary>The Stable Diffusion route: its <c>model</c> is the checkpoint, a field of its own, so the model id is not sent.</summary>
    public static readonly RouteSpec Automatic1111Route = Route("v2/automatic1111/sdapi/v1/txt2img", modelInBody: false, ImageShape.Base64Strings);

    /// <summary>
    /// The route of an id the catalog does not know: no path, so the client refuses to call it as it is, or finds its
    /// route in RelayGPU's live model catalog.
    /// </summary>
    public static readonly RouteSpec UnknownRoute = Route(string.Empty, modelInBody: true, ImageShape.Base64Strings);

    /// <summary>Every catalogued route, in the order of RelayGPU's listing.</summary>
    public static IReadOnlyList<RouteSpec> Routes { get; } =
        [FluxRoute, GeminiRoute, GptImageGenerateRoute, GptImageEditRoute, GptImage2Route, QwenGenerateRoute, QwenEditRoute, SeedreamRoute, WanRoute, Automatic1111Route];

    public static readonly FieldSpec Prompt = new("prompt", FieldType.String) { Unified = UnifiedField.Prompt, Required = true, MinLength = 1 };

    /// <summary>The GPT Image routes' prompt: the only ones RelayGPU caps, at 32,000 characters.</summary>
    public static readonly FieldSpec GptPrompt = Prompt with { MaxLength = 32_000 };

    /// <summary>Routing: <c>auto</c> (the default) or <c>direct</c>; streaming and webhooks need <c>direct</c>.</summary>
    public static readonly FieldSpec Mode = new("mode", FieldType.String) { Option = nameof(RelayGpuImageOptions.Mode), Allowed = FieldSpec.Values("auto", "direct"), Default = "auto" };

    /// <summary><c>true</c> answers 202 with a task; set only by the client (Start…Async, or the option to run asynchronously).</summary>
    public static readonly FieldSpec Async = new("async", FieldType.Boolean) { Default = false };

    public static readonly FieldSpec WebhookUrl = new("webhook_url", FieldType.Url) { Unified = UnifiedField.WebhookUrl };

    /// <summary>How long RelayGPU hosts the result; the URL routes only (a base64 route answers 422).</summary>
    public static readonly FieldSpec StoreOutput = new("store_output", FieldType.String)
    {
        Option = nameof(RelayGpuImageOptions.StoreOutput),
        Allowed = FieldSpec.Values("provider", "relay1d", "relay7d", "relay30d"),
        Default = "provider",
    };

    public static readonly FieldSpec IdempotencyKey = new("Idempotency-Key", FieldType.String)
    {
        Unified = UnifiedField.IdempotencyKey,
        Location = FieldLocation.Header,
        MinLength = 1,
        MaxLength = 255,
    };

    private static readonly FrozenSet<string> AspectRatios = FieldSpec.Values("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9");
    private static readonly FrozenSet<string> Qualities = FieldSpec.Values("low", "medium", "high");
    private static readonly FrozenSet<string> PngOrJpeg = FieldSpec.Values("png", "jpeg");

    private static readonly FieldSpec[] FluxFields =
    [
        Prompt,
        new("width", FieldType.Integer) { Unified = UnifiedField.Width, Min = 64, Max = 2048, MultipleOf = 32, Default = 1024L },
        new("height", FieldType.Integer) { Unified = UnifiedField.Height, Min = 64, Max = 2048, MultipleOf = 32, Default = 1024L },
        new("seed", FieldType.Integer) { Unified = UnifiedField.Seed, Option = nameof(RelayGpuFluxOptions.Seed) },
        new("safety_tolerance", FieldType.Integer) { Option = nameof(RelayGpuFluxOptions.SafetyTolerance), Min = 0, Max = 6, Default = 2L },
        new("output_format", FieldType.String) { Unified = UnifiedField.OutputFormat, Option = nameof(RelayGpuFluxOptions.OutputFormat), Allowed = PngOrJpeg, Default = "png" },
        new("input_image", FieldType.ImageUrlList)
        {
            Unified = UnifiedField.ReferenceImages,
            Option = nameof(RelayGpuFluxOptions.InputImages),
            ImageForms = ImageForms.Base64,
            MinLength = 1,
            SpreadNames = ["input_image", "input_image_2", "input_image_3", "input_image_4"],
        },
        .. Shared(urlRoute: false),
    ];

    private static readonly FieldSpec GeminiAspectRatio = new("aspect_ratio", FieldType.String)
    {
        Unified = UnifiedField.AspectRatio,
        Option = nameof(RelayGpuGeminiOptions.AspectRatio),
        Allowed = AspectRatios,
        Default = "1:1",
    };

    private static readonly FieldSpec GeminiImageSize = new("image_size", FieldType.String)
    {
        Option = nameof(RelayGpuGeminiOptions.ImageSize),
        Allowed = FieldSpec.Values("1K", "2K", "4K"),
        Default = "1K",
    };

    /// <summary>One reference image, raw base64 or a data URI; its presence makes the call image-to-image.</summary>
    private static readonly FieldSpec GeminiImage = new("image", FieldType.ImageUrl)
    {
        Option = nameof(RelayGpuGeminiOptions.Image),
        ImageForms = ImageForms.Base64 | ImageForms.DataUri,
    };

    /// <summary>gemini-3-pro-image: <c>image</c> or up to 14 <c>images</c>, not both; the unified references are <c>images</c>.</summary>
    private static readonly FieldSpec[] Gemini3ProFields =
    [
        Prompt,
        GeminiImage with { ExclusiveWith = "images" },
        new("images", FieldType.ImageUrlList)
        {
            Unified = UnifiedField.ReferenceImages,
            Option = nameof(RelayGpuGeminiOptions.Images),
            ImageForms = ImageForms.Base64 | ImageForms.DataUri,
            MinLength = 1,
            MaxLength = 14,
            ExclusiveWith = "image",
        },
        GeminiAspectRatio,
        GeminiImageSize,
        .. Shared(urlRoute: false),
    ];

    /// <summary>gemini-2.5-flash-image: one reference <c>image</c> only.</summary>
    private static readonly FieldSpec[] Gemini25FlashFields =
    [
        Prompt,
        GeminiImage with { Unified = UnifiedField.ReferenceImages },
        GeminiAspectRatio,
        GeminiImageSize,
        .. Shared(urlRoute: false),
    ];

    /// <summary>gemini-3.1-flash-image-preview: one reference <c>image</c>; image size 0.5K too (it ignores the aspect ratio, which it still accepts).</summary>
    private static readonly FieldSpec[] Gemini31FlashFields =
    [
        Prompt,
        GeminiImage with { Unified = UnifiedField.ReferenceImages },
        GeminiAspectRatio,
        GeminiImageSize with { Allowed = FieldSpec.Values("0.5K", "1K", "2K", "4K") },
        .. Shared(urlRoute: false),
    ];

    /// <summary>The fields gpt-image's generate and edit routes share, after the prompt and the edit's images.</summary>
    private static readonly FieldSpec[] GptImageParameters =
    [
        new("n", FieldType.Integer) { Unified = UnifiedField.Count, Option = nameof(RelayGpuGptImageOptions.N), Min = 1, Max = 4, Default = 1L },
        new("size", FieldType.String) { Unified = UnifiedField.Size, Option = nameof(RelayGpuGptImageOptions.Size), Allowed = FieldSpec.Values("1024x1024", "1024x1536", "1536x1024"), Default = "1024x1024" },
        new("quality", FieldType.String) { Option = nameof(RelayGpuGptImageOptions.Quality), Allowed = Qualities, Default = "medium" },
        new("output_format", FieldType.String) { Unified = UnifiedField.OutputFormat, Option = nameof(RelayGpuGptImageOptions.OutputFormat), Allowed = FieldSpec.Values("png", "jpeg", "webp"), Default = "png" },
        new("output_compression", FieldType.Integer) { Option = nameof(RelayGpuGptImageOptions.OutputCompression), Min = 0, Max = 100, Default = 100L },
    ];

    /// <summary>The image to edit, base64 only.</summary>
    private static readonly FieldSpec EditImageBase64 = new("image", FieldType.ImageUrl) { Unified = UnifiedField.Image, Required = true, ImageForms = ImageForms.Base64 };

    /// <summary>A base64 PNG of the image's size with an alpha channel: fully transparent pixels mark the area to edit.</summary>
    private static readonly FieldSpec Mask = new("mask", FieldType.ImageUrl) { Option = nameof(RelayGpuGptImageOptions.Mask), ImageForms = ImageForms.Base64, MediaTypes = ["image/png"] };

    private static readonly FieldSpec[] GptImageGenerateFields = [GptPrompt, .. GptImageParameters, .. Shared(urlRoute: false)];

    private static readonly FieldSpec[] GptImageEditFields = [GptPrompt, EditImageBase64, Mask, .. GptImageParameters, .. Shared(urlRoute: false)];

    /// <summary>The fields of gpt-image-2 after the prompt and its images (the same names as gpt-image, other sizes and formats).</summary>
    private static readonly FieldSpec[] GptImage2Parameters =
    [
        new("size", FieldType.String)
        {
            Unified = UnifiedField.Size,
            Option = nameof(RelayGpuGptImage2Options.Size),
            Allowed = FieldSpec.Values("1024x768", "1024x1024", "1024x1536", "1536x1024", "1920x1080", "2560x1440", "3840x2160"),
        },
        new("quality", FieldType.String) { Option = nameof(RelayGpuGptImage2Options.Quality), Allowed = Qualities },
        new("n", FieldType.Integer) { Unified = UnifiedField.Count, Option = nameof(RelayGpuGptImage2Options.N), Min = 1 },
        new("output_format", FieldType.String) { Unified = UnifiedField.OutputFormat, Option = nameof(RelayGpuGptImage2Options.OutputFormat), Allowed = PngOrJpeg },
        new("output_compression", FieldType.Integer) { Option = nameof(RelayGpuGptImage2Options.OutputCompression), Min = 0, Max = 100 },
    ];

    /// <summary>gpt-image-2 generating: the reference images are <c>image</c>, an array of base64 strings.</summary>
    private static readonly FieldSpec[] GptImage2GenerateFields =
    [
        GptPrompt,
        new("image", FieldType.ImageUrlList) { Unified = UnifiedField.ReferenceImages, ImageForms = ImageForms.Base64, MinLength = 1 },
        .. GptImage2Parameters,
        .. Shared(urlRoute: false),
    ];

    /// <summary>gpt-image-2 editing: <c>image</c> is the image to edit, one base64 string, with an optional mask.</summary>
    private static readonly FieldSpec[] GptImage2EditFields =
    [
        GptPrompt,
        EditImageBase64,
        Mask with { Option = nameof(RelayGpuGptImage2Options.Mask) },
        .. GptImage2Parameters,
        .. Shared(urlRoute: false),
    ];

    private static readonly FieldSpec QwenSize = new("size", FieldType.String)
    {
        Unified = UnifiedField.Size,
        Option = nameof(RelayGpuQwenOptions.Size),
        Pattern = @"^[1-9][0-9]*x[1-9][0-9]*$",
        Default = "1024x1024",
    };

    private static readonly FieldSpec QwenSeed = new("seed", FieldType.Integer) { Unified = UnifiedField.Seed, Option = nameof(RelayGpuQwenOptions.Seed) };

    private static readonly FieldSpec[] QwenGenerateFields = [Prompt, QwenSize, QwenSeed, .. Shared(urlRoute: true)];

    private static readonly FieldSpec[] QwenEditFields =
    [
        Prompt,
        new("image", FieldType.ImageUrl) { Unified = UnifiedField.Image, Required = true, ImageForms = ImageForms.Url | ImageForms.Base64 },
        QwenSize,
        QwenSeed,
        .. Shared(urlRoute: true),
    ];

    /// <summary>The reference images of seedream and wan: 1–14 https URLs or data URIs.</summary>
    private static readonly FieldSpec UrlOrDataUriImages = new("images", FieldType.ImageUrlList)
    {
        Unified = UnifiedField.ReferenceImages,
        Option = nameof(RelayGpuSeedreamOptions.Images),
        ImageForms = ImageForms.Url | ImageForms.DataUri,
        Pattern = "^https://",
        MinLength = 1,
        MaxLength = 14,
    };

    private static readonly FieldSpec[] SeedreamFields =
    [
        Prompt,
        UrlOrDataUriImages,
        new("size", FieldType.String)
        {
            Unified = UnifiedField.Size,
            Option = nameof(RelayGpuSeedreamOptions.Size),
            Pattern = @"^(1K|2K|[1-9][0-9]*x[1-9][0-9]*)$",
            MaxPixels = 4_624_220,
            Default = "2048x2048",
        },
        new("watermark", FieldType.Boolean) { Option = nameof(RelayGpuSeedreamOptions.Watermark), Default = false },
        new("output_format", FieldType.String) { Unified = UnifiedField.OutputFormat, Option = nameof(RelayGpuSeedreamOptions.OutputFormat), Allowed = PngOrJpeg, Default = "jpeg" },
        .. Shared(urlRoute: true),
    ];

    /// <summary>wan-2-7-image-pro; RelayGPU needs a prompt, an image or images, and the SDK always sends a prompt.</summary>
    private static readonly FieldSpec[] WanFields =
    [
        Prompt,
        new("image", FieldType.ImageUrl) { Option = nameof(RelayGpuWanOptions.Image), ImageForms = ImageForms.Url | ImageForms.DataUri },
        UrlOrDataUriImages with { Option = nameof(RelayGpuWanOptions.Images) },
        new("size", FieldType.String) { Unified = UnifiedField.Size, Option = nameof(RelayGpuWanOptions.Size), Pattern = @"^(1K|2K|4K|[1-9][0-9]*x[1-9][0-9]*)$" },
        new("n", FieldType.Integer) { Unified = UnifiedField.Count, Option = nameof(RelayGpuWanOptions.N), Min = 1, Max = 16 },
        new("seed", FieldType.Integer) { Unified = UnifiedField.Seed, Option = nameof(RelayGpuWanOptions.Seed) },
        new("watermark", FieldType.Boolean) { Option = nameof(RelayGpuWanOptions.Watermark) },
        new("thinking_mode", FieldType.Boolean) { Option = nameof(RelayGpuWanOptions.ThinkingMode) },
        new("enable_sequential", FieldType.Boolean) { Option = nameof(RelayGpuWanOptions.EnableSequential) },
        .. Shared(urlRoute: true),
    ];

    /// <summary>The checkpoint of the Stable Diffusion route, sent as its <c>model</c>.</summary>
    private static readonly FieldSpec Checkpoint = new("model", FieldType.String) { Option = nameof(RelayGpuAutomatic1111Options.Checkpoint), MinLength = 1, Default = DefaultCheckpoint };

    /// <summary>The Stable Diffusion route, as the original page documents it (it takes no async, webhook or store_output).</summary>
    private static readonly FieldSpec[] Automatic1111Fields =
    [
        Prompt,
        new("negative_prompt", FieldType.String) { Unified = UnifiedField.NegativePrompt },
        Checkpoint,
        new("steps", FieldType.Integer) { Option = nameof(RelayGpuAutomatic1111Options.Steps), Min = 1, Default = 20L },
        new("width", FieldType.Integer) { Unified = UnifiedField.Width, Min = 1, Default = 512L },
        new("height", FieldType.Integer) { Unified = UnifiedField.Height, Min = 1, Default = 512L },
        new("cfg_scale", FieldType.Number) { Option = nameof(RelayGpuAutomatic1111Options.CfgScale), Default = 7.0 },
    ];

    private static readonly ModelSpec Automatic1111Model = Generate(Automatic1111Id, [], Automatic1111Family, Automatic1111Route, Automatic1111Fields);

    /// <summary>The generation and edit models, looked up by <see cref="RequestValidator"/>.</summary>
    public static readonly ModelCatalog Catalog = new(
        RelayGpuModels.ProviderName,
        "RelayGPU",
        [
            Generate("black-forest-labs/FLUX-2-pro", ["flux-2-pro"], FluxFamily, FluxRoute, FluxFields),
            Generate("google/gemini-3-pro-image", ["gemini-3-pro-image"], GeminiFamily, GeminiRoute, Gemini3ProFields),
            Generate("google/gemini-2.5-flash-image", ["gemini-2.5-flash-image"], GeminiFamily, GeminiRoute, Gemini25FlashFields),
            Generate("google/gemini-3.1-flash-image-preview", ["gemini-3.1-flash-image-preview"], GeminiFamily, GeminiRoute, Gemini31FlashFields),
            Generate("openai/gpt-image-1.5-T2I", ["gpt-image-1.5-T2I", "gpt-image-1.5"], GptImageFamily, GptImageGenerateRoute, GptImageGenerateFields),
            Edit("openai/gpt-image-1.5-I2I", ["gpt-image-1.5-I2I", "gpt-image-1.5"], GptImageFamily, GptImageEditRoute, GptImageEditFields),
            Generate("openai/gpt-image-2", ["gpt-image-2"], GptImage2Family, GptImage2Route, GptImage2GenerateFields),
            Generate("openai/gpt-image-2.5-sunburst", ["gpt-image-2.5-sunburst"], GptImage2Family, GptImage2Route, GptImage2GenerateFields),
            Generate("openai/gpt-image-2.5-flare", ["gpt-image-2.5-flare"], GptImage2Family, GptImage2Route, GptImage2GenerateFields),
            Edit("openai/gpt-image-2", ["gpt-image-2"], GptImage2Family, GptImage2Route, GptImage2EditFields),
            Edit("openai/gpt-image-2.5-sunburst", ["gpt-image-2.5-sunburst"], GptImage2Family, GptImage2Route, GptImage2EditFields),
            Edit("openai/gpt-image-2.5-flare", ["gpt-image-2.5-flare"], GptImage2Family, GptImage2Route, GptImage2EditFields),
            Generate("Qwen/qwen-image", ["qwen-image"], QwenFamily, QwenGenerateRoute, QwenGenerateFields),
            Edit("Qwen/qwen-image-edit", ["qwen-image-edit"], QwenFamily, QwenEditRoute, QwenEditFields),
            Generate("ByteDance/doubao-seedream-5-0-pro-260628", ["doubao-seedream-5-0-pro-260628", "seedream-5-0-pro"], SeedreamFamily, SeedreamRoute, SeedreamFields),
            Generate("Wan-AI/Wan2.7-Image-Pro", ["Wan2.7-Image-Pro", "wan-2-7-image-pro"], WanFamily, WanRoute, WanFields),
            Automatic1111Model,
        ],
        new Dictionary<ImageOperationKind, string> { [ImageOperationKind.Generate] = DefaultGenerationModel, [ImageOperationKind.Edit] = DefaultEditModel },
        Unknown)
    {
        LocalImages = LocalImages,
    };

    /// <summary>Whether a model's route answers URLs (qwen, seedream, wan), which RelayGPU hosts for a time, rather than base64.</summary>
    public static bool IsUrlRoute(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Route.Output == ImageShape.UrlStrings;
    }

    /// <summary>
    /// How long RelayGPU keeps a result's URLs and task record after it finishes: one hour, or the period a
    /// <c>store_output</c> value buys (<c>relay1d</c>, <c>relay7d</c>, <c>relay30d</c>).
    /// </summary>
    /// <param name="storeOutput">The <c>store_output</c> sent, or <see langword="null"/> for none.</param>
    public static TimeSpan ResultLifetime(string? storeOutput) => storeOutput switch
    {
        "relay1d" => TimeSpan.FromDays(1),
        "relay7d" => TimeSpan.FromDays(7),
        "relay30d" => TimeSpan.FromDays(30),
        _ => DefaultResultLifetime,
    };

    /// <summary>
    /// An id the catalog does not know. <c>automatic1111/&lt;checkpoint&gt;</c> is the Stable Diffusion route with that
    /// checkpoint as its <c>model</c> (catalogued: the checkpoint is the only thing that varies). Any other id gets an
    /// uncatalogued spec on a route with no path, with the fields every image route shares (and the image to edit),
    /// for the client to refuse or to resolve through RelayGPU's live catalog.
    /// </summary>
    /// <exception cref="ArgumentException">The id names a Stable Diffusion checkpoint for an edit, or a malformed checkpoint.</exception>
    private static ModelSpec Unknown(string id, ImageOperationKind operation)
    {
        const string prefix = Automatic1111Id + "/";
        if (id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            var checkpoint = id[prefix.Length..];
            if (RelayGpuModels.CheckpointProblem(checkpoint) is { } problem)
            {
                throw new ArgumentException($"Model '{RelayGpuModels.ProviderName}:{id}': {problem}", nameof(ImageRequest.Model));
            }

            if (operation != ImageOperationKind.Generate)
            {
                throw new ArgumentException(
                    $"Model '{RelayGpuModels.ProviderName}:{id}' is a generation model (Stable Diffusion txt2img): call GenerateAsync with it, or choose an edit model such as '{RelayGpuModels.QwenImageEdit}'.",
                    nameof(ImageRequest.Model));
            }

            return Automatic1111Model with
            {
                Id = prefix + checkpoint,
                Fields = [.. Automatic1111Fields.Select(f => ReferenceEquals(f, Checkpoint) ? f with { Implied = checkpoint, Allowed = FieldSpec.Values(checkpoint), Default = checkpoint } : f)],
            };
        }

        return new ModelSpec
        {
            Id = id,
            Family = UnknownFamily,
            Operation = operation,
            Route = UnknownRoute,
            IsCatalogued = false,
            Fields = operation == ImageOperationKind.Edit
                ? [Prompt, new("image", FieldType.ImageUrl) { Unified = UnifiedField.Image, Required = true, ImageForms = ImageForms.Url | ImageForms.Base64 | ImageForms.DataUri }, .. Shared(urlRoute: true)]
                : [Prompt, .. Shared(urlRoute: true)],
        };
    }

    /// <summary>The fields every image route takes after its own, <c>store_output</c> only on a URL route.</summary>
    private static FieldSpec[] Shared(bool urlRoute) => urlRoute
        ? [Mode, Async, WebhookUrl, StoreOutput, IdempotencyKey]
        : [Mode, Async, WebhookUrl, IdempotencyKey];

    private static RouteSpec Route(string path, bool modelInBody, ImageShape output) => new(HttpMethod.Post, path, modelInBody, RouteMode.Sync, output);

    private static ModelSpec Generate(string id, string[] aliases, string family, RouteSpec route, FieldSpec[] fields) =>
        Model(id, aliases, family, ImageOperationKind.Generate, route, fields);

    private static ModelSpec Edit(string id, string[] aliases, string family, RouteSpec route, FieldSpec[] fields) =>
        Model(id, aliases, family, ImageOperationKind.Edit, route, fields);

    private static ModelSpec Model(string id, string[] aliases, string family, ImageOperationKind operation, RouteSpec route, FieldSpec[] fields) => new()
    {
        Id = id,
        Aliases = aliases,
        Family = family,
        Operation = operation,
        Route = route,
        Fields = fields,
        UrlLifetime = route.Output == ImageShape.UrlStrings ? DefaultResultLifetime : null,
    };
}
