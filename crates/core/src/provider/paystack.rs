//! Placeholder: being written.
use super::*;
pub const CAPABILITIES: Capabilities = Capabilities { currencies: &[], max_major: None, verify: true, cancel: false, share: false };
pub struct Paystack;
impl Paystack { pub fn new(_c: reqwest::Client, _cfg: ProviderConfig) -> Self { Paystack } }
#[async_trait]
impl Provider for Paystack {
    fn id(&self) -> ProviderId { ProviderId::Paystack }
    fn capabilities(&self) -> Capabilities { CAPABILITIES }
    fn mode_of_key(&self, _key: &str) -> Result<Mode> { todo!() }
    async fn create(&self, _key: &SecretString, _req: &CreateRequest<'_>) -> Result<Created, CallError> { todo!() }
    async fn lookup(&self, _key: &SecretString, _r: &str, _p: Option<&str>) -> Result<Lookup, CallError> { todo!() }
    fn is_duplicate_reference(&self, _err: &CallError) -> bool { false }
}
