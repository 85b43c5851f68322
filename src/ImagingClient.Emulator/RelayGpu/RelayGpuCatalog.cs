namespace ImagingClient.Emulator.RelayGpu;

/// <summary>How a route hands back its images.</summary>
internal enum RelayGpuOutput
{
    /// <summary>Bare base64 PNGs in <c>images</c>.</summary>
    Base64,

    /// <summary>Links in <c>urls</c>, served from the emulator's <c>/files</c>.</summary>
    Urls,
}

/// <summary>The JSON type a field takes.</summary>
internal enum RelayGpuFieldKind
{
    String,
    Integer,
    Number,
    Boolean,

    /// <summary>An array of strings.</summary>
    StringList,

    /// <summary>A string or an array of strings.</summary>
    StringOrList,
}

/// <summary>What a string field (or each item of a list field) must hold besides being a string.</summary>
internal enum RelayGpuContent
{
    None,

    /// <summary>Bare base64 that decodes.</summary>
    Base64,

    /// <summary>Bare base64 or a <c>data:</c> URI, either decoding.</summary>
    Base64OrDataUri,

    /// <summary>An absolute http(s) URL, bare base64 or a data URI.</summary>
    UrlOrBase64,

    /// <summary>An https URL (or an http one to this machine) or a data URI.</summary>
    UrlOrDataUri,

    /// <summary>A webhook target: https, or http to a loopback host (emulator only), no credentials.</summary>
    WebhookUrl,

    /// <summary><c>WxH</c> (each side 64–4096), or one of the field's <see cref="RelayGpuField.Enum"/> presets.</summary>
    Size,
}

/// <summary>One field of a route's request schema.</summary>
/// <param name="Name">The JSON name.</param>
/// <param name="Kind">Its type.</param>
/// <param name="Description">One line for the catalog's schema.</param>
internal sealed record RelayGpuField(string Name, RelayGpuFieldKind Kind, string Description)
{
    public bool Required { get; init; }

    public IReadOnlyList<string>? Enum { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public long? MultipleOf { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public int? MinItems { get; init; }

    public int? MaxItems { get; init; }

    public RelayGpuContent Content { get; init; }

    /// <summary>The default as raw JSON, or null when there is none.</summary>
    public string? DefaultJson { get; init; }
}

/// <summary>One model of the catalog.</summary>
/// <param name="Name">The catalog name, case-sensitive, with a slash (<c>Qwen/qwen-image</c>).</param>
/// <param name="DisplayName">The human name.</param>
/// <param name="Tag"><c>text-to-image</c> or <c>image-to-image</c>.</param>
/// <param name="PerImage">The price per image, in US dollars.</param>
/// <param name="BodyValue">What the request's <c>model</c> field holds for it (the checkpoint on the Stable Diffusion route).</param>
internal sealed record RelayGpuModel(string Name, string DisplayName, string Tag, decimal PerImage, string BodyValue);

/// <summary>One image route: its path, its models and its request fields.</summary>
internal sealed record RelayGpuRoute(
    string Path,
    string OperationId,
    string Title,
    RelayGpuOutput Output,
    bool ModelInBody,
    IReadOnlyList<RelayGpuModel> Models,
    IReadOnlyList<RelayGpuField> Fields,
    string ExampleJson)
{
    /// <summary>Whether the route takes <c>mode</c>, <c>async</c>, <c>webhook_url</c> and <c>store_output</c>.</summary>
    public bool HasSharedFields { get; init; } = true;

    /// <summary>Whether the route answers synchronously only (the seed's Stable Diffusion route).</summary>
    public bool SyncOnly { get; init; }

    /// <summary>Whether the route is absent from today's public spec and known only from the original page.</summary>
    public bool SeedOnly { get; init; }

    /// <summary>Whether <c>store_output</c> may be a <c>relay*</c> value (URL routes only).</summary>
    public bool StoreOutputSupported => Output == RelayGpuOutput.Urls;

    /// <summary>The model used when the body names none (the first one), as the body would name it.</summary>
    public RelayGpuModel DefaultModel => Models[0];

    public RelayGpuField? Field(string name) => Fields.FirstOrDefault(field => field.Name == name);

    /// <summary>The model a request body's <c>model</c> value picks, or null for an unknown one.</summary>
    public RelayGpuModel? ModelFor(string bodyValue) => Models.FirstOrDefault(model => model.BodyValue == bodyValue);
}

/// <summary>
/// Every image route the emulator serves, with its models and fields, from <c>shared/providers/relaygpu.md</c>
/// §2.2–2.4 (and the original page for the Stable Diffusion route). The model catalog is generated from this table.
/// </summary>
internal static class RelayGpuCatalog
{
    public const string FluxPath = "/v2/image/flux/generate";
    public const string GeminiPath = "/v2/image/gemini-3/generate";
    public const string GptImagePath = "/v2/image/gpt-image/generate";
    public const string GptImageEditPath = "/v2/image/gpt-image/edit";
    public const string GptImage2Path = "/v2/image/gpt-image-2/generate";
    public const string QwenPath = "/v2/image/qwen/generate";
    public const string QwenEditPath = "/v2/image/qwen/edit";
    public const string SeedreamPath = "/v2/image/seedream-5-0-pro/generate";
    public const string WanPath = "/v2/image/wan-2-7-image-pro/generate";
    public const string StableDiffusionPath = "/v2/automatic1111/sdapi/v1/txt2img";

    public const string GeminiPro = "google/gemini-3-pro-image";
    public const string GeminiFlash = "google/gemini-2.5-flash-image";
    public const string GeminiFlashPreview = "google/gemini-3.1-flash-image-preview";

    /// <summary>The prefix of the Stable Diffusion checkpoints' catalog names.</summary>
    public const string StableDiffusionPrefix = "automatic1111/";

    public static readonly IReadOnlyList<string> StoreOutputValues = ["provider", "relay1d", "relay7d", "relay30d"];

    public static readonly IReadOnlyList<string> GeminiAspectRatios = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];

    /// <summary>The fields every image route but the Stable Diffusion one takes.</summary>
    public static readonly IReadOnlyList<RelayGpuField> SharedFields =
    [
        Choice("mode", "Routing mode: 'auto' or 'direct' (this route is direct-only, so auto runs direct)", "auto", "auto", "direct"),
        Flag("async", "Return task_id immediately, poll /v2/tasks/{task_id} for result.", defaultValue: false),
        new("webhook_url", RelayGpuFieldKind.String, "HTTPS URL to receive a signed completion webhook when the async task reaches a terminal state (requires an API key, \"async\": true and direct mode; otherwise 422).") { Content = RelayGpuContent.WebhookUrl },
        Choice("store_output", "Where this request's output media is hosted, and for how long: provider (1 hour) or relay1d / relay7d / relay30d. Not available on routes that return media inline (base64), nor to guests.", "provider", [.. StoreOutputValues]),
    ];

    public static readonly IReadOnlyList<RelayGpuRoute> Routes = Build();

    public static readonly IReadOnlyDictionary<string, RelayGpuRoute> ByPath = Routes.ToDictionary(route => route.Path, StringComparer.Ordinal);

    /// <summary>Every model, by catalog name, with its route.</summary>
    public static readonly IReadOnlyDictionary<string, (RelayGpuModel Model, RelayGpuRoute Route)> Models =
        Routes.SelectMany(route => route.Models.Select(model => (model, route))).ToDictionary(entry => entry.model.Name, StringComparer.Ordinal);

    private static RelayGpuField Prompt(int? maxLength = null, bool required = true) =>
        new("prompt", RelayGpuFieldKind.String, "Text description of the image") { Required = required, MinLength = 1, MaxLength = maxLength };

    private static RelayGpuField Model(string defaultName, string description) =>
        new("model", RelayGpuFieldKind.String, description) { DefaultJson = Quote(defaultName) };

    private static RelayGpuField Seed() => new("seed", RelayGpuFieldKind.Integer, "Random seed for reproducibility");

    private static RelayGpuField Choice(string name, string description, string? defaultValue, params string[] values) =>
        new(name, RelayGpuFieldKind.String, description) { Enum = values, DefaultJson = defaultValue is null ? null : Quote(defaultValue) };

    private static RelayGpuField Integer(string name, string description, double min, double max, string? defaultJson = null, long? multipleOf = null) =>
        new(name, RelayGpuFieldKind.Integer, description) { Minimum = min, Maximum = max, DefaultJson = defaultJson, MultipleOf = multipleOf };

    private static RelayGpuField Flag(string name, string description, bool? defaultValue = null) =>
        new(name, RelayGpuFieldKind.Boolean, description) { DefaultJson = defaultValue is null ? null : defaultValue.Value ? "true" : "false" };

    private static RelayGpuField Image(string name, string description, RelayGpuContent content, bool required = false) =>
        new(name, RelayGpuFieldKind.String, description) { Content = content, Required = required };

    private static RelayGpuField Size(string defaultValue) =>
        new("size", RelayGpuFieldKind.String, "Output image size in WxH format") { Content = RelayGpuContent.Size, DefaultJson = Quote(defaultValue) };

    private static IReadOnlyList<RelayGpuRoute> Build()
    {
        var flux = new RelayGpuRoute(
            FluxPath,
            "image_flux_generate",
            "FluxRequest",
            RelayGpuOutput.Base64,
            ModelInBody: true,
            [new("black-forest-labs/FLUX-2-pro", "FLUX.2 Pro", "text-to-image", 0.03m, "black-forest-labs/FLUX-2-pro")],
            [
                Prompt(),
                Model("black-forest-labs/FLUX-2-pro", "Image generation model. Available: 'black-forest-labs/FLUX-2-pro' (default)"),
                Integer("width", "Image width (64-2048, multiple of 32)", 64, 2048, "1024", multipleOf: 32),
                Integer("height", "Image height (64-2048, multiple of 32)", 64, 2048, "1024", multipleOf: 32),
                Seed(),
                Integer("safety_tolerance", "Safety level: 0 is strictest, 6 least strict", 0, 6, "2"),
                Choice("output_format", "Output format", "png", "png", "jpeg"),
                Image("input_image", "Reference image 1 (base64)", RelayGpuContent.Base64),
                Image("input_image_2", "Reference image 2 (base64)", RelayGpuContent.Base64),
                Image("input_image_3", "Reference image 3 (base64)", RelayGpuContent.Base64),
                Image("input_image_4", "Reference image 4 (base64)", RelayGpuContent.Base64),
            ],
            """{"prompt":"A beautiful sunset over mountains","width":1024,"height":1024}""");

        var gemini = new RelayGpuRoute(
            GeminiPath,
            "image_gemini_3_generate",
            "GeminiRequest",
            RelayGpuOutput.Base64,
            ModelInBody: true,
            [
                new(GeminiPro, "Gemini 3 Pro Image", "text-to-image", 0.134m, GeminiPro),
                new(GeminiFlash, "Gemini 2.5 Flash Image", "text-to-image", 0.039m, GeminiFlash),
                new(GeminiFlashPreview, "Gemini 3.1 Flash Image Preview", "text-to-image", 0.067m, GeminiFlashPreview),
            ],
            [
                Prompt(),
                Model(GeminiPro, $"Image model. Available: '{GeminiPro}' (default), '{GeminiFlash}', '{GeminiFlashPreview}'"),
                Image("image", "One reference image, raw base64 or a data URI; switches to image-to-image", RelayGpuContent.Base64OrDataUri),
                new("images", RelayGpuFieldKind.StringList, "1-14 reference images (base64 or data URIs), google/gemini-3-pro-image only; not with 'image'")
                {
                    MinItems = 1,
                    MaxItems = 14,
                    Content = RelayGpuContent.Base64OrDataUri,
                },
                Choice("aspect_ratio", "Output aspect ratio (ignored by gemini-3.1-flash-image-preview)", "1:1", [.. GeminiAspectRatios]),
                Choice("image_size", "Output size: 0.5K (gemini-3.1-flash-image-preview only), 1K, 2K or 4K", "1K", "0.5K", "1K", "2K", "4K"),
            ],
            """{"prompt":"A beautiful sunset over mountains","aspect_ratio":"16:9"}""");

        IReadOnlyList<RelayGpuField> gptFields =
        [
            Prompt(maxLength: 32_000),
            Integer("n", "Number of images (1-4)", 1, 4, "1"),
            Choice("size", "Output size", "1024x1024", "1024x1024", "1024x1536", "1536x1024"),
            Choice("quality", "Rendering quality", "medium", "low", "medium", "high"),
            Choice("output_format", "Output format", "png", "png", "jpeg", "webp"),
            Integer("output_compression", "Compression level for jpeg/webp (0-100)", 0, 100, "100"),
        ];

        var gptImage = new RelayGpuRoute(
            GptImagePath,
            "image_gpt_image_generate",
            "GptImageT2IRequest",
            RelayGpuOutput.Base64,
            ModelInBody: false,
            [new("openai/gpt-image-1.5-T2I", "GPT Image 1.5 T2I", "text-to-image", 0.04m, "openai/gpt-image-1.5-T2I")],
            gptFields,
            """{"prompt":"A beautiful sunset over mountains","size":"1024x1024"}""");

        var gptImageEdit = new RelayGpuRoute(
            GptImageEditPath,
            "image_gpt_image_edit",
            "GptImageI2IRequest",
            RelayGpuOutput.Base64,
            ModelInBody: false,
            [new("openai/gpt-image-1.5-I2I", "GPT Image 1.5 I2I", "image-to-image", 0.04m, "openai/gpt-image-1.5-I2I")],
            [
                .. gptFields,
                Image("image", "Source image (base64)", RelayGpuContent.Base64, required: true),
                Image("mask", "Base64 PNG of the same size as image, with an alpha channel; fully transparent pixels mark the area to edit", RelayGpuContent.Base64),
            ],
            """{"prompt":"Add a red hat","image":"<base64 PNG>"}""");

        var gptImage2 = new RelayGpuRoute(
            GptImage2Path,
            "image_gpt_image_2_generate",
            "GptImage2Request",
            RelayGpuOutput.Base64,
            ModelInBody: true,
            [
                new("openai/gpt-image-2", "GPT Image 2", "text-to-image", 0.05m, "openai/gpt-image-2"),
                new("openai/gpt-image-2.5-sunburst", "GPT Image 2.5 Sunburst", "text-to-image", 0.06m, "openai/gpt-image-2.5-sunburst"),
                new("openai/gpt-image-2.5-flare", "GPT Image 2.5 Flare", "text-to-image", 0.07m, "openai/gpt-image-2.5-flare"),
            ],
            [
                Model("openai/gpt-image-2", "Image model. Available: 'openai/gpt-image-2' (default), 'openai/gpt-image-2.5-sunburst', 'openai/gpt-image-2.5-flare'"),
                Prompt(maxLength: 32_000),
                Choice("size", "Output size", "1024x1024", "1024x768", "1024x1024", "1024x1536", "1536x1024", "1920x1080", "2560x1440", "3840x2160"),
                Choice("quality", "Rendering quality", "medium", "low", "medium", "high"),
                Integer("n", "Number of images (1-4)", 1, 4, "1"),
                Choice("output_format", "Output format", "png", "png", "jpeg"),
                Integer("output_compression", "Compression level for jpeg (0-100)", 0, 100, "100"),
                new("image", RelayGpuFieldKind.StringOrList, "Reference image(s): one base64 string or an array of 1-16")
                {
                    MinItems = 1,
                    MaxItems = 16,
                    Content = RelayGpuContent.Base64,
                },
                Image("mask", "Base64 PNG with an alpha channel, the size of the first image; transparent pixels mark the area to edit", RelayGpuContent.Base64),
            ],
            """{"prompt":"A beautiful sunset over mountains","model":"openai/gpt-image-2"}""");

        var qwen = new RelayGpuRoute(
            QwenPath,
            "image_qwen_generate",
            "QwenImageRequest",
            RelayGpuOutput.Urls,
            ModelInBody: true,
            [
                new("Qwen/qwen-image", "Qwen Image", "text-to-image", 0.036m, "Qwen/qwen-image"),
                new("Qwen/qwen-image-2512", "Qwen Image 2512", "text-to-image", 0.04m, "Qwen/qwen-image-2512"),
            ],
            [Prompt(), Model("Qwen/qwen-image", "Image generation model. Available: 'Qwen/qwen-image' (default), 'Qwen/qwen-image-2512'"), Size("1024x1024"), Seed()],
            """{"prompt":"A beautiful sunset over mountains","model":"Qwen/qwen-image"}""");

        var qwenEdit = new RelayGpuRoute(
            QwenEditPath,
            "image_qwen_edit",
            "QwenEditRequest",
            RelayGpuOutput.Urls,
            ModelInBody: true,
            [new("Qwen/qwen-image-edit", "Qwen Image Edit", "image-to-image", 0.04m, "Qwen/qwen-image-edit")],
            [
                Prompt(),
                Image("image", "Source image: an http(s) URL, base64 or a data URI", RelayGpuContent.UrlOrBase64, required: true),
                Model("Qwen/qwen-image-edit", "Image edit model. Available: 'Qwen/qwen-image-edit' (default)"),
                Size("1024x1024"),
                Seed(),
            ],
            """{"prompt":"Make it night","image":"https://example.com/photo.png"}""");

        var seedream = new RelayGpuRoute(
            SeedreamPath,
            "image_seedream_5_0_pro_generate",
            "Seedream50ProRequest",
            RelayGpuOutput.Urls,
            ModelInBody: true,
            [new("ByteDance/doubao-seedream-5-0-pro-260628", "Seedream 5.0 Pro", "text-to-image", 0.035m, "ByteDance/doubao-seedream-5-0-pro-260628")],
            [
                Prompt(),
                Model("ByteDance/doubao-seedream-5-0-pro-260628", "Image model. Available: 'ByteDance/doubao-seedream-5-0-pro-260628' (default)"),
                new("images", RelayGpuFieldKind.StringList, "1-14 reference images: https URLs or data URIs")
                {
                    MinItems = 1,
                    MaxItems = 14,
                    Content = RelayGpuContent.UrlOrDataUri,
                },
                new("size", RelayGpuFieldKind.String, "1K, 2K or an exact WxH of at most 4,624,220 pixels") { Content = RelayGpuContent.Size, Enum = ["1K", "2K"], DefaultJson = Quote("2048x2048") },
                Flag("watermark", "Add a watermark", defaultValue: false),
                Choice("output_format", "Output format", "jpeg", "jpeg", "png"),
            ],
            """{"prompt":"A beautiful sunset over mountains","size":"2K"}""");

        var wan = new RelayGpuRoute(
            WanPath,
            "image_wan_2_7_image_pro_generate",
            "Wan27ImageProRequest",
            RelayGpuOutput.Urls,
            ModelInBody: true,
            [new("Wan-AI/Wan2.7-Image-Pro", "Wan 2.7 Image Pro", "text-to-image", 0.05m, "Wan-AI/Wan2.7-Image-Pro")],
            [
                Prompt(required: false),
                Model("Wan-AI/Wan2.7-Image-Pro", "Image model. Available: 'Wan-AI/Wan2.7-Image-Pro' (default)"),
                Image("image", "One reference image: an http(s) URL, base64 or a data URI", RelayGpuContent.UrlOrBase64),
                new("images", RelayGpuFieldKind.StringList, "1-14 reference images: http(s) URLs, base64 or data URIs")
                {
                    MinItems = 1,
                    MaxItems = 14,
                    Content = RelayGpuContent.UrlOrBase64,
                },
                new("size", RelayGpuFieldKind.String, "1K, 2K, 4K or WxH") { Content = RelayGpuContent.Size, Enum = ["1K", "2K", "4K"] },
                Integer("n", "Number of images: 1-4, or up to 16 with enable_sequential", 1, 16, "1"),
                Seed(),
                Flag("watermark", "Add a watermark", defaultValue: false),
                Flag("thinking_mode", "Let the model plan before drawing", defaultValue: false),
                Flag("enable_sequential", "Generate a coherent sequence of up to 16 images", defaultValue: false),
            ],
            """{"prompt":"A beautiful sunset over mountains","size":"2K"}""");

        var stableDiffusion = new RelayGpuRoute(
            StableDiffusionPath,
            "automatic1111_txt2img",
            "StableDiffusionTxt2ImgRequest",
            RelayGpuOutput.Base64,
            ModelInBody: true,
            [
                new(StableDiffusionPrefix + "Realistic_Vision_V5.1.safetensors", "Realistic Vision V5.1", "text-to-image", 0.01m, "Realistic_Vision_V5.1.safetensors"),
                new(StableDiffusionPrefix + "illustriousRealismBy_v10VAE.safetensors", "Illustrious Realism v1.0 VAE", "text-to-image", 0.01m, "illustriousRealismBy_v10VAE.safetensors"),
                new(StableDiffusionPrefix + "stable-diffusion-v1-5-pruned.safetensors", "Stable Diffusion v1.5 (pruned)", "text-to-image", 0.01m, "stable-diffusion-v1-5-pruned.safetensors"),
            ],
            [
                Prompt(),
                new("negative_prompt", RelayGpuFieldKind.String, "What to avoid"),
                Model("Realistic_Vision_V5.1.safetensors", "SD checkpoint: 'Realistic_Vision_V5.1.safetensors' (default), 'illustriousRealismBy_v10VAE.safetensors', 'stable-diffusion-v1-5-pruned.safetensors'"),
                Integer("steps", "Denoising steps (1-150)", 1, 150, "20"),
                Integer("width", "Image width (64-2048)", 64, 2048, "512"),
                Integer("height", "Image height (64-2048)", 64, 2048, "512"),
                new("cfg_scale", RelayGpuFieldKind.Number, "Prompt adherence (1-30)") { Minimum = 1, Maximum = 30, DefaultJson = "7" },
                Flag("async", "Accepted for symmetry; this route is synchronous only, so true is a 422", defaultValue: false),
            ],
            """{"prompt":"A portrait photo","model":"Realistic_Vision_V5.1.safetensors","steps":20,"width":512,"height":512,"cfg_scale":7}""")
        {
            HasSharedFields = false,
            SyncOnly = true,
            SeedOnly = true,
        };

        RelayGpuRoute[] routes = [flux, gemini, gptImage, gptImageEdit, gptImage2, qwen, qwenEdit, seedream, wan, stableDiffusion];
        return [.. routes.Select(route => route.HasSharedFields ? route with { Fields = [.. route.Fields, .. SharedFields] } : route)];
    }

    private static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}
