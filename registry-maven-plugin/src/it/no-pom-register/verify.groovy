// Runs after the goals: checks what a person would see, and the registry Git holds.
def log = new File(basedir, 'build.log').text
assert log.contains('Registered risk_model v1.0.0 in ')
assert log.contains('risk_model v1.0.0 is already registered with the same artifact and metadata: nothing written.')
assert log =~ /risk_model\s+v1\.0\.0\s+staged\s+0\.061\s+2\.8/
assert log.contains('risk_model v1.0.0: artifact intact')
assert log.contains("Model name 'Risk/Model' is not allowed")

def git = { String... args ->
  def p = (['git', '-C', new File(basedir, 'registry').path] + args.toList()).execute()
  def out = p.text
  assert p.waitFor() == 0 : "git ${args} failed"
  out
}
def message = git('log', '-1', '--format=%B', 'main')
assert message.contains('Registry-Action: register')
assert message.contains('Registry-Model: risk_model')
assert message.contains('Registry-Version: v1.0.0')
assert git('rev-list', '--count', 'main').trim() == '2' // init + one registration: the retry wrote nothing

// sha256sum -c accepts checksum.sha256 next to the artifact
def check = new File(basedir, 'check')
check.mkdirs()
new File(check, 'checksum.sha256').text = git('show', 'main:models/risk_model/v1.0.0/checksum.sha256')
new File(check, 'ridge-model.json').bytes = new File(basedir, 'ridge-model.json').bytes
def sum = ['sha256sum', '-c', 'checksum.sha256'].execute(null, check)
assert sum.text.contains('ridge-model.json: OK')
assert sum.waitFor() == 0
return true
