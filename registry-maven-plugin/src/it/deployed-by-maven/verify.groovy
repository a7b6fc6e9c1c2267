import java.security.MessageDigest

def log = new File(basedir, 'build.log').text
assert log.contains('Registered risk_model v1.3.0')
assert log.contains('mvn:com.example.quant:risk_model:1.3.0:jar')
def jar = new File(basedir, 'repo/com/example/quant/risk_model/1.3.0/risk_model-1.3.0.jar')
assert jar.isFile()
def sha = MessageDigest.getInstance('SHA-256').digest(jar.bytes).encodeHex().toString()
def pointer = ['git', '-C', new File(basedir, 'registry').path, 'show',
               'main:models/risk_model/v1.3.0/artifact.yaml'].execute().text
assert pointer.contains('mvn:com.example.quant:risk_model:1.3.0:jar') : pointer
assert pointer.contains(sha) : pointer
// by reference: the repository holds what Maven deployed and nothing the registry uploaded
def versions = new File(basedir, 'repo/com/example/quant/risk_model').listFiles().findAll { it.isDirectory() }*.name
assert versions == ['1.3.0'] : versions
return true
