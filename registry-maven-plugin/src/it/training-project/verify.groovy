def log = new File(basedir, 'build.log').text
assert log.contains('Skipped: 1.2.0-SNAPSHOT is a SNAPSHOT, and a registered version is immutable')
assert log.contains('Registered risk_model v1.2.0-rc.1')
assert log.contains('Skipped (registry.skip=true)')
def written = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/registry-registration.json'))
assert written.model == 'risk_model' && written.version == 'v1.2.0-rc.1' && written.sha256 ==~ /[0-9a-f]{64}/
// the -q list: one JSON document, the model taken from the project
def json = log.substring(log.lastIndexOf('{\n  "versions"'))
def doc = new groovy.json.JsonSlurper().parseText(json.substring(0, json.lastIndexOf('}') + 1))
assert doc.versions.size() == 1 && doc.versions[0].version == 'v1.2.0-rc.1' && doc.versions[0].status == 'staged'
return true
