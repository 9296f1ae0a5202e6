/**
 * One box for a code, the way tills read them: a USB scanner types the digits and Enter into the focused input, a
 * person types a SKU, or the camera reads a barcode or QR code (BarcodeDetector, else the wasm decoder). Every app that
 * reads codes (store till, stock look-up, kiosk) uses it; the words come from the caller, in its own catalogue.
 */
import { ActionIcon, Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core'
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { createFrameDecoder } from './camera-decoder.js'

export interface CodeScannerLabels {
  label: string
  description?: string
  placeholder?: string
  submit: string
  camera: string
  cameraTitle: string
  cameraUnavailable: string
  close: string
}

/** Calls `onCode` with each code read (trimmed, never empty); keeps the focus in the box for the next scan. */
export function CodeScanner({
  labels,
  onCode,
  busy = false,
  error,
}: {
  labels: CodeScannerLabels
  onCode: (code: string) => void
  busy?: boolean
  error?: ReactNode
}) {
  const [text, setText] = useState('')
  const input = useRef<HTMLInputElement>(null)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const code = text.trim()
    if (!code) return
    setText('')
    onCode(code)
    input.current?.focus()
  }
  return (
    <form onSubmit={submit}>
      <TextInput
        ref={input}
        size="md"
        label={labels.label}
        description={labels.description}
        placeholder={labels.placeholder}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={error}
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        enterKeyHint="enter"
        disabled={busy}
        // The buttons sit beside the box, under its label: a narrow phone keeps the label on one line.
        inputContainer={(field) => (
          <Group gap="xs" wrap="nowrap">
            <div style={{ flex: 1, minWidth: 0 }}>{field}</div>
            <Button type="submit" size="md" variant="light" loading={busy}>
              {labels.submit}
            </Button>
            <CameraScanButton labels={labels} onCode={onCode} />
          </Group>
        )}
      />
    </form>
  )
}

/**
 * The camera button alone, for a box that searches as one types (the customer search): opens the camera and hands the
 * first code read to `onCode`. Nothing is shown where the browser has no camera.
 */
export function CameraScanButton({ labels, onCode }: { labels: Pick<CodeScannerLabels, 'camera' | 'cameraTitle' | 'cameraUnavailable' | 'close'>; onCode: (code: string) => void }) {
  const [cameraOpen, setCameraOpen] = useState(false)
  const hasCamera = typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia)
  if (!hasCamera) return null
  return (
    <>
      <ActionIcon variant="light" size={42} aria-label={labels.camera} title={labels.camera} onClick={() => setCameraOpen(true)}>
        <CameraGlyph />
      </ActionIcon>
      <Modal opened={cameraOpen} onClose={() => setCameraOpen(false)} title={labels.cameraTitle} closeButtonProps={{ 'aria-label': labels.close }}>
        {cameraOpen && (
          <CameraReader
            unavailable={labels.cameraUnavailable}
            onCode={(code) => {
              setCameraOpen(false)
              onCode(code)
            }}
          />
        )}
      </Modal>
    </>
  )
}

/** The back camera's picture, read a few times a second until a code comes out; the camera stops on unmount. */
function CameraReader({ onCode, unavailable }: { onCode: (code: string) => void; unavailable: string }) {
  const video = useRef<HTMLVideoElement>(null)
  const [failed, setFailed] = useState(false)
  const latest = useRef(onCode)
  useEffect(() => {
    latest.current = onCode
  }, [onCode])
  useEffect(() => {
    let stream: MediaStream | undefined
    let timer: number | undefined
    let stopped = false
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } })
        if (stopped || !video.current) return
        video.current.srcObject = stream
        await video.current.play()
        const decoder = await createFrameDecoder()
        const tick = async () => {
          if (stopped || !video.current) return
          const [found] = await decoder.detect(video.current).catch(() => [])
          if (found?.rawValue) latest.current(found.rawValue)
          else timer = window.setTimeout(() => void tick(), 250)
        }
        void tick()
      } catch {
        if (!stopped) setFailed(true)
      }
    })()
    return () => {
      stopped = true
      window.clearTimeout(timer)
      stream?.getTracks().forEach((track) => track.stop())
    }
  }, [])
  return (
    <Stack>
      {failed ? (
        <Alert color="orange">{unavailable}</Alert>
      ) : (
        <video ref={video} muted playsInline style={{ width: '100%', borderRadius: 8, background: '#000' }} />
      )}
    </Stack>
  )
}

function CameraGlyph() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M3 7h3l2-3h8l2 3h3v13H3z" />
      <circle cx="12" cy="13" r="4" />
    </svg>
  )
}
