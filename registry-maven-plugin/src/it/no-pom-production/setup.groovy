// A registry whose trusted signer is a key made here, with three versions; v1.1.0 misses the sharpe gate.
// Keys come from ssh-keygen and the policy is written as text: the hook runs inside the Maven JVM, and
// loading the SSH/BouncyCastle classes here would register a provider the plugin's own classes cannot use.
import dev.modelregistry.git.Registry
import dev.modelregistry.model.Policy
import dev.modelregistry.model.SafeMapper
import java.nio.file.Files

def keygen = { String name ->
  def p = ['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', new File(basedir, name).path].execute()
  assert p.waitFor() == 0 : p.errorStream.text
  new File(basedir, name + '.pub').text.trim().split(/\s+/)[0..1].join(' ')
}
new File(basedir, 'keys').mkdirs()
def ops = keygen('keys/ops')
def yaml = """format_version: 1
environments:
  production:
    gates:
      metrics: {ic: "> 0.02", sharpe: "> 0.5"}
signers:
- "ops@example.com ${ops}"
"""
def policy = SafeMapper.readYaml(yaml, Policy.class, 'registry.yaml')
def registry = Registry.init(new File(basedir, 'registry').path, policy, null, null)
try {
  [['v1.0.0', 1.2], ['v1.1.0', 0.3], ['v1.2.0', 1.5]].each { v, sharpe ->
    def dir = new File(basedir, "in/$v").toPath()
    Files.createDirectories(dir)
    def artifact = Files.writeString(dir.resolve('model.json'), "{\"version\": \"$v\"}")
    def meta = Files.writeString(dir.resolve('metadata.yaml'), "metrics: {ic: 0.05, sharpe: $sharpe}\n")
    registry.register().model('risk_model').version(v).artifact(artifact).metadataFile(meta).call()
  }
} finally {
  registry.close()
}
return true
