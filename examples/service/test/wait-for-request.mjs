// Waits until the service has started handling `count` requests to / (the fault switch counts
// them), so a test that signals "during a request" does not race the request's arrival.

export async function waitForRequests(port, count, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = await (await fetch(`http://127.0.0.1:${port}/admin/fault`)).json();
    if (state.requests >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the service did not receive ${count} request(s) within ${timeoutMs} ms`);
}
