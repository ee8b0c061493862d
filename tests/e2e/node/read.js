// Reads each .env file named on the command line as node's loaders do and prints
// {file: {"dotenv": {...}, "dotenv-expand": {...}}} as JSON: dotenv.parse() of the file's
// UTF-8 text (what dotenv.config() does), then dotenv-expand's expand() of that result
// with an empty processEnv (no variable comes from outside the file).
// Used by tests/support/loader_readings.py; run it in a throw-away directory
// (dotenv-expand runs $(...) as a command).
'use strict'
const fs = require('fs')
const path = require('path')
const dotenv = require(path.join(__dirname, 'node_modules', 'dotenv'))
const { expand } = require(path.join(__dirname, 'node_modules', 'dotenv-expand'))

const versions = {}
for (const name of ['dotenv', 'dotenv-expand']) {
  versions[name] = require(path.join(__dirname, 'node_modules', name, 'package.json')).version
}
const out = { versions, node: process.version, readings: {} }
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, { encoding: 'utf8' })
  const parsed = dotenv.parse(text)
  let expanded = null
  let error = null
  try {
    expanded = expand({ parsed: { ...parsed }, processEnv: {} }).parsed
  } catch (e) {
    error = String(e && e.message ? e.message : e).split('\n')[0]
  }
  out.readings[file] = { dotenv: parsed, 'dotenv-expand': { vars: expanded, error } }
}
process.stdout.write(JSON.stringify(out))
