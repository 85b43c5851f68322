namespace ImagingClient.Tests.Reliability.Parsing;

/// <summary>
/// Valid payloads of each provider, written from the wire specs and the captures the provider tests use: the answers the
/// mutator starts from. Each set is keyed by the payload kind a theory row names.
/// </summary>
internal static class ParsingSeeds
{
    /// <summary>A 1x1 PNG, as base64.</summary>
    public const string Png1x1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    public const string KieTaskId = "task12345";
    public const string ApiframeJobId = "3f2a9c1e-8d4b-4e6f-a1b2-c3d4e5f60718";
    public const string RelayGpuTaskId = "direct:8edfe6a0-752d-46fc-b89f-9ff69d1a5fd2";

    /// <summary>Concurred's generate answers: a URL (flux), base64 (Imagen), several entries of each form, a path on its host.</summary>
    public static readonly IReadOnlyDictionary<string, string> ConcurredAnswers = new Dictionary<string, string>
    {
        ["url"] = """{"success":true,"data":{"model":"flux-2-pro","provider":"flux","images":[{"url":"https://signed-url.example.com/image.png"}]},"meta":{"requestId":"req_abc123","timestamp":"2026-03-29T00:00:00.000Z"}}""",
        ["base64"] = $$$"""{"success":true,"data":{"model":"imagen-4","provider":"google","images":[{"base64":"{{{Png1x1}}}","mimeType":"image/png"}]},"meta":{"requestId":"req_b64","timestamp":"2026-03-29T00:00:00.000Z"}}""",
        ["mixed"] = $$$"""{"success":true,"data":{"model":"qwen-image","provider":"fal","images":[{"url":"/files/a.png?sig=1"},{"b64_json":"{{{Png1x1}}}","mime_type":"image/png"},{"url":"data:image/png;base64,{{{Png1x1}}}"},"https://cdn.example.com/b.png"]},"meta":{"requestId":"req_mixed"}}""",
        ["images-and-error"] = """{"success":false,"data":{"images":[{"url":"https://cdn.example.com/a.png"}]},"error":{"code":"INTERNAL_ERROR","message":"partial failure","details":{"retryAfter":5}}}""",
    };

    /// <summary>Concurred's error envelopes, with the status each is sent with.</summary>
    public static readonly IReadOnlyDictionary<string, (int Status, string Body)> ConcurredErrors = new Dictionary<string, (int, string)>
    {
        ["guardrail"] = (400, """{"error":{"code":"GUARDRAIL_BLOCKED","message":"The prompt was blocked.","details":{"category":"violence"}}}"""),
        ["rate-limit"] = (429, """{"error":{"code":"RATE_LIMIT_EXCEEDED","message":"Too many requests","details":{"retryAfter":"2"}}}"""),
        ["unauthorized"] = (401, """{"error":{"code":"INVALID_API_KEY","message":"Invalid API key","details":{}},"meta":{"requestId":"req_401"}}"""),
        ["unavailable"] = (503, """{"error":{"code":"MODEL_UNAVAILABLE","message":"The model is busy","details":{"retryAfter":1.5}}}"""),
        ["error-in-200"] = (200, """{"success":false,"error":{"code":"INTERNAL_ERROR","message":"Something failed","details":null},"meta":{"requestId":"req_200"}}"""),
    };

    /// <summary>Kie's submit answers.</summary>
    public static readonly IReadOnlyDictionary<string, string> KieSubmits = new Dictionary<string, string>
    {
        ["task-id"] = $$$"""{"code":200,"msg":"success","data":{"taskId":"{{{KieTaskId}}}"}}""",
        ["numeric-task-id"] = """{"code":200,"msg":"success","data":{"task_id":1234567}}""",
    };

    /// <summary>Kie's record-info answers: succeeded, generating, failed.</summary>
    public static readonly IReadOnlyDictionary<string, string> KieRecords = new Dictionary<string, string>
    {
        ["success"] = $$$"""{"code":200,"msg":"success","data":{"taskId":"{{{KieTaskId}}}","paramJson":"{\"prompt\":\"a cat\"}","createTime":"2026-11-21T12:00:00Z","completeTime":"2026-11-21T12:00:20Z","response":{"originImageUrl":"https://tempfile.aiquickdraw.com/o/origin.png","resultImageUrl":"https://tempfile.aiquickdraw.com/r/result.png"},"successFlag":1,"errorCode":null,"errorMessage":""}}""",
        ["success-unix-times"] = $$$"""{"code":200,"msg":"success","data":{"taskId":"{{{KieTaskId}}}","paramJson":{"prompt":"a cat"},"createTime":1795262400000,"completeTime":1795262420000,"response":{"resultImageUrl":"https://tempfile.aiquickdraw.com/r/result.png"},"successFlag":"1","errorCode":null,"errorMessage":null}}""",
        ["generating"] = $$$"""{"code":200,"msg":"success","data":{"taskId":"{{{KieTaskId}}}","createTime":"2026-11-21T12:00:00Z","completeTime":null,"response":null,"successFlag":0,"errorCode":null,"errorMessage":""}}""",
        ["failed"] = $$$"""{"code":200,"msg":"success","data":{"taskId":"{{{KieTaskId}}}","response":null,"successFlag":3,"errorCode":400,"errorMessage":"Your prompt was flagged by the content policy."}}""",
    };

    /// <summary>Kie's errors, with the HTTP status (Kie also sends them inside an HTTP 200).</summary>
    public static readonly IReadOnlyDictionary<string, (int Status, string Body)> KieErrors = new Dictionary<string, (int, string)>
    {
        ["credits-in-200"] = (200, """{"code":402,"msg":"Insufficient credits","data":null}"""),
        ["rate-limit"] = (429, """{"code":429,"msg":"Rate limited","data":null}"""),
        ["server-error"] = (500, """{"code":500,"msg":"Internal error, please try again later","data":null}"""),
        ["validation-in-200"] = (200, """{"code":422,"msg":"prompt is required","data":{"field":"prompt"}}"""),
    };

    /// <summary>Kie's callbacks: success, a failure with empty URLs, the snake-case task id.</summary>
    public static readonly IReadOnlyDictionary<string, string> KieCallbacks = new Dictionary<string, string>
    {
        ["success"] = $$$$"""{"code":200,"msg":"BFL image generated successfully.","data":{"taskId":"{{{{KieTaskId}}}}","info":{"originImageUrl":"https://tempfile.aiquickdraw.com/o/origin.png","resultImageUrl":"https://tempfile.aiquickdraw.com/r/result.png"}}}""",
        ["failed"] = $$$$"""{"code":400,"msg":"Content policy violation","data":{"taskId":"{{{{KieTaskId}}}}","info":{"originImageUrl":"","resultImageUrl":""}}}""",
        ["snake-case"] = $$$$"""{"code":200,"msg":"ok","data":{"task_id":"{{{{KieTaskId}}}}","info":{"resultImageUrl":"https://tempfile.aiquickdraw.com/r/result.png"}}}""",
    };

    /// <summary>Kie's common answers: a download link (<c>POST /api/v1/common/download-url</c>) and the credit balance (<c>GET /api/v1/chat/credit</c>), as a number or as text.</summary>
    public static readonly IReadOnlyDictionary<string, string> KieCommonAnswers = new Dictionary<string, string>
    {
        ["download-url"] = """{"code":200,"msg":"success","data":"https://tempfile.aiquickdraw.com/d/download.png?token=abc123"}""",
        ["credits"] = """{"code":200,"msg":"success","data":1234.5}""",
        ["credits-as-text"] = """{"code":200,"msg":"success","data":"87.25"}""",
    };

    /// <summary>Apiframe's 202 to a creating POST.</summary>
    public static readonly IReadOnlyDictionary<string, string> ApiframeSubmits = new Dictionary<string, string>
    {
        ["queued"] = $$$"""{"jobId":"{{{ApiframeJobId}}}","status":"QUEUED"}""",
        ["replayed-completed"] = $$$"""{"jobId":"{{{ApiframeJobId}}}","status":"COMPLETED"}""",
    };

    /// <summary>Apiframe's job records: a URL result, an image set with a grid, processing, failed.</summary>
    public static readonly IReadOnlyDictionary<string, string> ApiframeJobs = new Dictionary<string, string>
    {
        ["completed-url"] = $$$"""{"id":"{{{ApiframeJobId}}}","status":"COMPLETED","model":"flux-2-pro","progress":100,"result":"https://cdn.apiframe.ai/results/{{{ApiframeJobId}}}.png","error":null,"creditCost":6,"webhookStatus":null,"createdAt":"2026-12-01T10:00:00Z","completedAt":"2026-12-01T10:00:05Z","expired":false,"input":{"prompt":"a fox"}}""",
        ["completed-set"] = $$$"""{"id":"{{{ApiframeJobId}}}","status":"COMPLETED","model":"midjourney","progress":100,"result":{"images":["https://cdn2.apiframe.ai/images/{{{ApiframeJobId}}}-1.png",{"url":"https://cdn2.apiframe.ai/images/{{{ApiframeJobId}}}-2.png"}],"gridUrl":"https://cdn2.apiframe.ai/images/{{{ApiframeJobId}}}-grid.png"},"creditCost":12.5,"webhookStatus":"delivered","createdAt":"2026-12-01T10:00:00Z","completedAt":"2026-12-01T10:00:45Z","expired":true}""",
        ["processing"] = $$$"""{"id":"{{{ApiframeJobId}}}","status":"PROCESSING","model":"flux-2-pro","progress":42.5,"result":null,"error":null,"createdAt":"2026-12-01T10:00:00Z"}""",
        ["failed"] = $$$"""{"id":"{{{ApiframeJobId}}}","status":"FAILED","model":"flux-2-pro","progress":null,"result":null,"error":"Prompt rejected by moderation.","creditCost":0}""",
    };

    /// <summary>Apiframe's error bodies, with their status.</summary>
    public static readonly IReadOnlyDictionary<string, (int Status, string Body)> ApiframeErrors = new Dictionary<string, (int, string)>
    {
        ["validation"] = (400, """{"error":"Validation failed","details":{"fluxParams.steps":["Number must be less than or equal to 50"],"prompt":["Required"],"":["Body is invalid"]}}"""),
        ["credits"] = (402, """{"error":"Insufficient credits","creditsRequired":24,"creditsAvailable":"3"}"""),
        ["not-found"] = (404, """{"error":{"message":"Job not found"}}"""),
        ["rate-limit"] = (429, """{"error":"Rate limit exceeded","details":"slow down"}"""),
        ["unavailable"] = (503, """{"message":"Queue unavailable"}"""),
    };

    /// <summary>Apiframe's webhook bodies (with the <c>X-Webhook-Event</c> each is sent with).</summary>
    public static readonly IReadOnlyDictionary<string, (string Event, string Body)> ApiframeWebhooks = new Dictionary<string, (string, string)>
    {
        ["completed"] = ("completed", $$$"""{"event":"completed","jobId":"{{{ApiframeJobId}}}","status":"COMPLETED","progress":100,"result":"https://cdn.apiframe.ai/results/{{{ApiframeJobId}}}.png","model":"flux-2-pro","creditCost":6,"completedAt":"2026-12-01T10:00:05Z"}"""),
        ["completed-set"] = ("completed", $$$"""{"event":"completed","jobId":"{{{ApiframeJobId}}}","progress":100,"result":{"images":["https://cdn2.apiframe.ai/images/a-1.png","https://cdn2.apiframe.ai/images/a-2.png"],"gridUrl":"https://cdn2.apiframe.ai/images/a-grid.png"},"model":"midjourney"}"""),
        ["failed"] = ("failed", $$$"""{"event":"failed","jobId":"{{{ApiframeJobId}}}","status":"FAILED","error":"NSFW content detected","model":"flux-2-pro"}"""),
        ["progress"] = ("progress", $$$"""{"event":"progress","jobId":"{{{ApiframeJobId}}}","status":"PROCESSING","progress":50,"model":"flux-2-pro"}"""),
    };

    /// <summary>RelayGPU's synchronous answers: URLs (qwen) and bare base64 (gpt-image), as captured.</summary>
    public static readonly IReadOnlyDictionary<string, string> RelayGpuSyncAnswers = new Dictionary<string, string>
    {
        ["urls"] = $$$"""{"urls":["https://cdn.relaygpu.com/content/3Qo-YCTEnVPtFyJnfGXDXw"],"model":"Qwen/qwen-image","size":"512x512","task_id":"{{{RelayGpuTaskId}}}","task_address":null,"mode":"direct"}""",
        ["base64"] = $$$"""{"images":["{{{Png1x1}}}","data:image/png;base64,{{{Png1x1}}}"],"model":"openai/gpt-image-1.5-T2I","size":"1024x1024","width":1024,"height":1024,"mode":"direct","task_id":"direct:a","finish_reason":"STOP","aspect_ratio":"1:1","image_size":"1K","success":true}""",
    };

    /// <summary>RelayGPU's answers to an asynchronous submit: the 202 ticket, and a route that answered at once (200).</summary>
    public static readonly IReadOnlyDictionary<string, (int Status, string Body)> RelayGpuSubmits = new Dictionary<string, (int, string)>
    {
        ["ticket"] = (202, $$$"""{"task_id":"{{{RelayGpuTaskId}}}","status":"queued","poll_url":"/v2/tasks/{{{RelayGpuTaskId}}}","message":"Task started. Poll task URL for status."}"""),
        ["answered-at-once"] = (200, $$$"""{"urls":["https://cdn.relaygpu.com/content/x"],"model":"Qwen/qwen-image","task_id":"{{{RelayGpuTaskId}}}","mode":"direct"}"""),
    };

    /// <summary>RelayGPU's task records: completed (URLs and base64), running, failed with details.</summary>
    public static readonly IReadOnlyDictionary<string, string> RelayGpuTasks = new Dictionary<string, string>
    {
        ["completed-urls"] = $$$"""{"task_id":"{{{RelayGpuTaskId}}}","status":"completed","elapsed_seconds":4,"task_address":null,"mode":"direct","model":"Qwen/qwen-image","created_at":"2026-10-06T09:00:00+00:00","result":{"urls":["https://cdn.relaygpu.com/content/WeI0xKQvMJiIz1Oz8o9qtQ"],"model":"Qwen/qwen-image","size":"512x512","success":true},"error":null}""",
        ["completed-base64"] = $$$"""{"task_id":"{{{RelayGpuTaskId}}}","status":"completed","elapsed_seconds":12.5,"mode":"direct","model":"openai/gpt-image-1.5-T2I","created_at":"2026-10-06T09:00:00Z","result":{"images":["{{{Png1x1}}}"],"width":1024,"height":1024,"success":true},"error":null,"error_code":null,"error_detail":null}""",
        ["running"] = $$$"""{"task_id":"{{{RelayGpuTaskId}}}","status":"running","elapsed_seconds":2,"task_address":null,"mode":"direct","model":"Qwen/qwen-image","created_at":"2026-10-06T09:00:00+00:00","result":null,"error":null,"error_code":null,"error_detail":null}""",
        ["failed"] = $$$"""{"task_id":"{{{RelayGpuTaskId}}}","status":"failed","elapsed_seconds":3,"mode":"direct","model":"google/gemini-3-pro-image","created_at":"2026-10-06T09:00:00Z","result":null,"error":"The model declined to draw this.","error_code":"CONTENT_POLICY_DECLINED","error_detail":{"finish_reason":"SAFETY","block_reason":"OTHER","text":"I can't help with that."}}""",
    };

    /// <summary>RelayGPU's error bodies, with their status.</summary>
    public static readonly IReadOnlyDictionary<string, (int Status, string Body)> RelayGpuErrors = new Dictionary<string, (int, string)>
    {
        ["validation"] = (422, """{"detail":[{"type":"less_than_equal","loc":["body","width"],"msg":"Input should be less than or equal to 2048"},{"type":"missing","loc":["body",0,"prompt"],"msg":"Field required"}],"error":{"code":"VALIDATION_ERROR","type":"validation","source":"client","message":"Request validation failed","request_id":"req_422","detail":[{"loc":["body","width"],"msg":"Input should be less than or equal to 2048"}]}}"""),
        ["rate-limit"] = (429, """{"detail":"Rate limit exceeded: 16/15 RPM for direct mode (tier: basic)","error":{"code":"RATE_LIMITED","type":"rate_limit","source":"relay","message":"Rate limit exceeded","request_id":"req_429"}}"""),
        ["not-found"] = (404, """{"detail":"File not found","error":{"code":null,"type":null,"source":null,"message":"File not found","request_id":"req_404"}}"""),
        ["capacity"] = (503, """{"detail":{"pool":"direct"},"error":{"code":"CAPACITY_EXHAUSTED","type":"unavailable","source":"relay","message":"At capacity","request_id":"req_503"}}"""),
        ["content-policy"] = (422, """{"detail":"declined","error":{"code":"CONTENT_POLICY_DECLINED","type":"validation","source":"provider","message":"The provider declined the prompt.","request_id":"req_cp","detail":{"finish_reason":"SAFETY"}}}"""),
    };

    /// <summary>RelayGPU's webhook bodies (Standard Webhooks events).</summary>
    public static readonly IReadOnlyDictionary<string, string> RelayGpuWebhooks = new Dictionary<string, string>
    {
        ["completed"] = $$$"""{"task_id":"{{{RelayGpuTaskId}}}","status":"completed","elapsed_seconds":4,"task_address":null,"mode":"direct","model":"Qwen/qwen-image","created_at":"2026-10-06T09:00:00+00:00","result":{"urls":["https://cdn.relaygpu.com/content/c02c"],"model":"Qwen/qwen-image","size":"512x512","success":true},"event":"task.completed"}""",
        ["completed-base64"] = $$$"""{"task_id":"{{{RelayGpuTaskId}}}","status":"completed","elapsed_seconds":9,"mode":"direct","model":"openai/gpt-image-1.5-T2I","created_at":"2026-10-06T09:00:00Z","result":{"images":["{{{Png1x1}}}"],"success":true},"event":"task.completed"}""",
        ["failed"] = $$$"""{"task_id":"{{{RelayGpuTaskId}}}","status":"failed","elapsed_seconds":3,"mode":"direct","model":"google/gemini-3-pro-image","created_at":"2026-10-06T09:00:00Z","error":"declined","error_code":"CONTENT_POLICY_DECLINED","error_detail":{"finish_reason":"SAFETY"},"event":"task.failed"}""",
        ["result-omitted"] = $$$"""{"task_id":"{{{RelayGpuTaskId}}}","status":"completed","elapsed_seconds":4,"mode":"direct","model":"Qwen/qwen-image","created_at":"2026-10-06T09:00:00Z","result_omitted":true,"event":"task.completed"}""",
    };

    /// <summary>
    /// Apiframe's other answers: a page of the job list (<c>GET /v2/jobs</c>, with a next cursor), the account
    /// (<c>GET /v2/me</c>) and an upload (<c>POST /v2/uploads</c>).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ApiframeAccountAnswers = new Dictionary<string, string>
    {
        ["job-list"] = $$$"""{"jobs":[{"id":"{{{ApiframeJobId}}}","status":"COMPLETED","model":"flux-2-pro","progress":100,"result":"https://cdn.apiframe.ai/results/{{{ApiframeJobId}}}.png","error":null,"creditCost":6,"createdAt":"2026-12-01T10:00:00Z","completedAt":"2026-12-01T10:00:05Z","expired":false},{"jobId":"7b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d","status":"FAILED","model":"midjourney","progress":null,"result":{"images":["https://cdn2.apiframe.ai/images/a-1.png"],"gridUrl":"https://cdn2.apiframe.ai/images/a-grid.png"},"error":"Prompt rejected by moderation."}],"nextCursor":"eyJpZCI6IjdiMWMifQ","hasMore":true,"models":["flux-2-pro","midjourney"]}""",
        ["account"] = """{"user":{"id":"usr_01","email":"dev@example.com","role":"owner"},"team":{"id":"team_01","name":"Studio","credits":1200,"plan":"pro","customerId":"cus_01"},"apiKey":{"id":"key_01","name":"ci","prefix":"afk_test"}}""",
        ["upload"] = """{"id":"upl_01","url":"https://cdn.apiframe.ai/uploads/upl_01.png","kind":"image","contentType":"image/png","byteSize":70,"expiresAt":"2026-12-01T11:00:00Z"}""",
    };

    /// <summary>Apiframe's model catalog (<c>GET /v2/models</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> ApiframeCatalogs = new Dictionary<string, string>
    {
        ["models"] = """{"models":[{"id":"flux-2-pro","label":"FLUX.2 Pro","modality":"image","description":"Black Forest Labs' flagship","costMin":6,"costMax":12.5,"pricingMode":"per_image"},{"id":"midjourney","label":"Midjourney","modality":"image","costMin":8,"costMax":8}]}""",
    };

    /// <summary>
    /// RelayGPU's live catalog: the list (under <c>models</c>, or <c>data</c> as some answers have it), and one entry
    /// with its route and request schema, or with its route alone.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> RelayGpuCatalogs = new Dictionary<string, string>
    {
        ["list"] = """{"models":[{"name":"Qwen/qwen-image","status":"active","endpoint":{"method":"POST","path":"/v2/image/qwen/generate","model_in_body":true,"async_default":false},"store_output_supported":true},{"id":"acme/new-model","endpoint":{"path":"/v2/image/qwen/generate"}}]}""",
        ["data-list"] = """{"data":[{"name":"google/gemini-3-pro-image","status":"available","endpoint":{"method":"POST","path":"/v2/image/gemini-3/generate","operation_id":"gemini3_generate","model_in_body":true,"model_default":"google/gemini-3-pro-image","async_default":false,"streams":false},"store_output_supported":false,"pricing":{"per_image":0.12}},{"name":"acme/retired","status":"retired","endpoint":{"path":"/v2/image/acme/generate"}}]}""",
        ["entry-without-schema"] = """{"name":"acme/new-model","status":"available","endpoint":{"method":"POST","path":"/v2/image/qwen/generate","model_in_body":true,"async_default":false},"store_output_supported":true,"request_example":{"prompt":"an apple"}}""",
        ["entry"] = """{"name":"acme/new-model","status":"active","endpoint":{"method":"POST","path":"/v2/image/qwen/generate","model_in_body":true,"async_default":false},"store_output_supported":false,"request_schema":{"type":"object","required":["prompt"],"properties":{"prompt":{"type":"string","minLength":1,"maxLength":4000},"size":{"type":["string","null"],"enum":["512x512","1024x1024"]},"seed":{"anyOf":[{"type":"integer","minimum":0,"maximum":2147483647},{"type":"null"}]},"n":{"type":"integer","minimum":1,"maximum":4},"images":{"type":"array","maxItems":4,"items":{"type":"string"}}}}}""",
    };
}
